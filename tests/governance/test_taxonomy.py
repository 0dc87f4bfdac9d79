"""The taxonomy (事件分类): the shipped data files, their loader and command, and the admin."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.urls import reverse
from django.utils import translation

from governance.models import Category, CategoryKind, Department, WorkingDayOverride
from governance.services.taxonomy import (
    DEFAULT_CATEGORIES_FILE,
    DEFAULT_DEPARTMENTS_FILE,
    TaxonomyError,
    load_taxonomy,
    taxonomy_counts,
)
from tests.conftest import changed_tables, database_rows


@pytest.fixture(autouse=True)
def _english_messages():
    # The loader's messages are asserted in their English source words (``said`` below);
    # the admin pages, requested without /en/, are still Chinese.
    with translation.override("en"):
        yield


def said(msgid: str) -> str:
    """What the loader says under English: the msgid itself."""
    return translation.gettext(msgid)


ADMIN = {"HTTP_HOST": "localhost"}
# Private matters: their events must never be shown publicly.
PRIVATE_WORDS = ("婚姻", "家庭", "继承", "赡养", "抚养", "扶养", "工伤", "医疗纠纷", "精神")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def row_error(file: str, row: int, code: str, problem: str) -> str:
    return said("%(file)s row %(row)d (%(code)s): %(problem)s") % {
        "file": file,
        "row": row,
        "code": code,
        "problem": problem,
    }


SHIPPED_CATEGORIES = read_rows(DEFAULT_CATEGORIES_FILE)
SHIPPED_DEPARTMENTS = read_rows(DEFAULT_DEPARTMENTS_FILE)


@pytest.fixture
def loaded(db):
    return load_taxonomy()


# --- the shipped data -----------------------------------------------------------------------


def test_the_shipped_files_give_48_disputes_and_136_hazards_each_with_a_department(loaded):
    assert loaded.departments_created == len(SHIPPED_DEPARTMENTS) == Department.objects.count()
    assert loaded.categories_created == 184
    assert taxonomy_counts() == {"dispute": 48, "hazard": 136}
    assert Category.objects.filter(kind=CategoryKind.DISPUTE).count() == 48
    assert Category.objects.filter(kind=CategoryKind.HAZARD).count() == 136
    for category in Category.objects.select_related("department"):
        assert category.department.code, category.code
        category.full_clean()
        assert category.is_active


def test_every_department_a_category_names_is_in_the_departments_file():
    listed = {row["code"] for row in SHIPPED_DEPARTMENTS}
    used = {row["department"] for row in SHIPPED_CATEGORIES}
    assert used <= listed, used - listed
    # And no department is listed for nothing.
    assert listed <= used, listed - used
    for required in ("public-security", "justice", "community-workstation", "subdistrict-office"):
        assert required in listed


def test_the_shipped_categories_are_consistent():
    codes = [row["code"] for row in SHIPPED_CATEGORIES]
    names = [row["name"] for row in SHIPPED_CATEGORIES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for row in SHIPPED_CATEGORIES:
        assert row["code"].startswith({"dispute": "d-", "hazard": "h-"}[row["kind"]]), row
        assert row["name_en"] and row["name_en"][0].isupper(), row
        assert row["accept_sla_unit"] == "hours" and 2 <= int(row["accept_sla"]) <= 24, row
        if row["resolve_sla_unit"] == "hours":
            assert row["default_priority"] in ("urgent", "high"), row
            assert int(row["resolve_sla"]) <= 8, row
        else:
            assert 3 <= int(row["resolve_sla"]) <= 30, row
        if row["department"] == "community-workstation":
            assert row["handling_level"] == "community", row
        if row["department"] == "subdistrict-office":
            assert row["handling_level"] == "subdistrict", row
        if any(word in row["name"] for word in PRIVATE_WORDS):
            assert row["may_be_public"] == "no", row


def test_a_marriage_and_family_dispute_is_private(loaded):
    assert Category.objects.get(name="婚姻家庭纠纷").may_be_public is False
    assert Category.objects.get(name="邻里纠纷").may_be_public is True
    assert Category.objects.get(code="h-fire-lane").resolve_sla_unit == "hours"


# --- loading again --------------------------------------------------------------------------


def test_loading_again_changes_nothing(loaded):
    before = database_rows()
    again = load_taxonomy()
    assert (again.departments_created, again.departments_updated) == (0, 0)
    assert (again.categories_created, again.categories_updated) == (0, 0)
    assert again.categories_unchanged == 184
    assert changed_tables(before, database_rows()) == {}


def test_a_changed_file_updates_by_code_and_keeps_categories_it_no_longer_lists(loaded, tmp_path):
    rows = [dict(row) for row in SHIPPED_CATEGORIES]
    neighbour = next(row for row in rows if row["code"] == "d-neighbour")
    neighbour["resolve_sla"] = "12"
    rows = [row for row in rows if row["code"] != "h-other"]
    result = load_taxonomy(categories=write_rows(tmp_path / "categories.csv", rows))
    assert (result.categories_created, result.categories_updated) == (0, 1)
    assert Category.objects.get(code="d-neighbour").resolve_sla == 12
    assert Category.objects.filter(code="h-other").exists()


def test_a_category_taken_out_of_use_stays_out_after_a_reload(loaded):
    Category.objects.filter(code="h-other").update(is_active=False)
    load_taxonomy()
    assert Category.objects.get(code="h-other").is_active is False


# --- bad files ------------------------------------------------------------------------------


def bad_categories(tmp_path: Path, changes: dict[str, dict[str, str]]) -> Path:
    """The shipped categories file with some cells changed: code → {column: value}."""
    rows = [dict(row) for row in SHIPPED_CATEGORIES]
    for row in rows:
        row.update(changes.get(row["code"], {}))
    return write_rows(tmp_path / "categories.csv", rows)


def spreadsheet_row(code: str) -> int:
    """The row a spreadsheet shows the shipped category on (the header is row 1)."""
    return [row["code"] for row in SHIPPED_CATEGORIES].index(code) + 2


def test_a_bad_file_names_the_row_and_code_and_saves_nothing(db, tmp_path):
    code = SHIPPED_CATEGORIES[15]["code"]  # the 16th category: row 17 in a spreadsheet
    path = bad_categories(tmp_path, {code: {"department": "fire"}})
    before = database_rows()
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(categories=path)
    problem = said("unknown department '%(code)s'") % {"code": "fire"}
    assert raised.value.errors == [row_error("categories.csv", 17, code, problem)]
    assert changed_tables(before, database_rows()) == {}
    assert not Department.objects.exists()


def test_a_bad_file_leaves_a_loaded_taxonomy_as_it_was(loaded, tmp_path):
    path = bad_categories(
        tmp_path,
        {
            "d-neighbour": {"resolve_sla": "20"},  # a good change: not saved either
            "h-manhole": {"may_be_public": "maybe"},
        },
    )
    before = database_rows()
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(categories=path)
    assert len(raised.value.errors) == 1
    assert raised.value.errors[0].startswith(
        f"categories.csv row {spreadsheet_row('h-manhole')} (h-manhole): "
    )
    assert changed_tables(before, database_rows()) == {}


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("kind", "complaint", "'complaint'"),
        ("handling_level", "province", "'province'"),
        ("accept_sla_unit", "minutes", "'minutes'"),
        ("default_priority", "critical", "'critical'"),
        ("accept_sla", "two", "'two'"),
        ("resolve_sla", "0", "'0'"),
        ("resolve_sla", "-3", "'-3'"),
        ("may_be_public", "true", "'true'"),
        ("name", "", "name: "),
        ("name", "很长" * 31, "name: "),
    ],
)
def test_each_kind_of_bad_cell_is_named(db, tmp_path, column, value, expected):
    path = bad_categories(tmp_path, {"d-pets": {column: value}})
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(categories=path)
    [message] = raised.value.errors
    assert message.startswith(f"categories.csv row {spreadsheet_row('d-pets')} (d-pets): ")
    assert expected in message
    assert not Category.objects.exists()


def test_duplicate_codes_and_bad_slugs_are_named(db, tmp_path):
    rows = [dict(row) for row in SHIPPED_CATEGORIES]
    rows[3]["code"] = rows[1]["code"]
    rows[5]["code"] = "h fire lane!"
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(categories=write_rows(tmp_path / "categories.csv", rows))
    duplicate, slug = raised.value.errors
    problem = said("the code is already used on row %(row)d") % {"row": 3}
    assert duplicate == row_error("categories.csv", 5, rows[1]["code"], problem)
    assert slug.startswith("categories.csv row 7 (h fire lane!): code: ")


def test_missing_columns_and_bad_department_rows_are_reported_together(db, tmp_path):
    departments = [dict(row) for row in SHIPPED_DEPARTMENTS]
    departments[0]["level"] = "national"
    department_file = write_rows(tmp_path / "departments.csv", departments)
    categories = [
        {k: v for k, v in row.items() if k != "resolve_sla_unit"} for row in SHIPPED_CATEGORIES
    ]
    category_file = write_rows(tmp_path / "categories.csv", categories)
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(department_file, category_file)
    bad_level, missing = raised.value.errors
    assert bad_level.startswith(f"departments.csv row 2 ({departments[0]['code']}): ")
    assert "'national'" in bad_level
    assert missing == said("%(file)s: %(problem)s") % {
        "file": "categories.csv",
        "problem": said("missing columns: %(columns)s") % {"columns": "resolve_sla_unit"},
    }
    assert not Department.objects.exists()


def test_a_file_that_is_not_utf8_or_is_missing_is_refused(db, tmp_path):
    gbk = tmp_path / "categories.csv"
    gbk.write_bytes(DEFAULT_CATEGORIES_FILE.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(categories=gbk, departments=tmp_path / "nowhere.csv")
    missing, not_utf8 = raised.value.errors
    assert missing.startswith("nowhere.csv: ")
    assert not_utf8.startswith("categories.csv: ")
    assert not Category.objects.exists()


def test_row_numbers_count_blank_lines_and_a_byte_order_mark(db, tmp_path):
    text = DEFAULT_CATEGORIES_FILE.read_text(encoding="utf-8").splitlines()
    text.insert(2, "")  # a blank spreadsheet row 3: the first category stays on row 2
    text[4] = text[4].replace(",hours,", ",weeks,", 1)
    path = tmp_path / "categories.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(categories=path)
    [message] = raised.value.errors
    assert message.startswith(f"categories.csv row 5 ({SHIPPED_CATEGORIES[2]['code']}): ")


# --- the command ----------------------------------------------------------------------------


def test_the_command_loads_and_prints_counts(db):
    out = io.StringIO()
    call_command("load_taxonomy", stdout=out)
    assert taxonomy_counts() == {"dispute": 48, "hazard": 136}
    assert "184" in out.getvalue()
    assert "48" in out.getvalue() and "136" in out.getvalue()


def test_the_command_exits_non_zero_on_a_bad_file_without_a_traceback(
    db, tmp_path, capsys, monkeypatch
):
    # run_from_argv closes every connection when it ends: on PostgreSQL that would be the
    # test's own, still inside its transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = bad_categories(tmp_path, {"h-fire-lane": {"department": "fire"}})
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "load_taxonomy", "--categories", str(path)])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    problem = said("unknown department '%(code)s'") % {"code": "fire"}
    assert row_error("categories.csv", spreadsheet_row("h-fire-lane"), "h-fire-lane", problem) in (
        err
    )
    assert "Traceback" not in err
    assert not Category.objects.exists()


# --- the admin ------------------------------------------------------------------------------


def test_a_superuser_lists_and_edits_a_category(client, superuser, loaded):
    client.force_login(superuser)
    listing = client.get(reverse("event_categories:index"), **ADMIN)
    assert listing.status_code == 200
    assert "婚姻家庭纠纷" in listing.content.decode()
    assert f"30 {said('working days')}" in listing.content.decode()
    filtered = client.get(reverse("event_categories:index"), {"kind": "dispute"}, **ADMIN)
    assert "消防通道堵塞" not in filtered.content.decode()

    category = Category.objects.get(code="d-pets")
    edit_url = reverse("event_categories:edit", args=[category.pk])
    form = client.get(edit_url, **ADMIN).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(resolve_sla=5, is_active="", may_be_public="on")
    saved = client.post(edit_url, data, **ADMIN)
    assert saved.status_code == 302
    category.refresh_from_db()
    assert (category.resolve_sla, category.is_active) == (5, False)

    refused = client.post(edit_url, {**data, "accept_sla": 0}, **ADMIN)
    assert refused.status_code == 200
    assert "accept_sla" in refused.context["form"].errors


def test_nobody_deletes_a_category(client, superuser, loaded):
    client.force_login(superuser)
    category = Category.objects.get(code="d-pets")
    response = client.post(reverse("event_categories:delete", args=[category.pk]), **ADMIN)
    assert response.status_code in (302, 403)
    assert Category.objects.filter(pk=category.pk).exists()


def test_a_user_without_rights_cannot_see_or_change_categories(client, editor_a, loaded):
    category = Category.objects.get(code="d-pets")
    client.force_login(editor_a)
    assert client.get(reverse("event_categories:index"), **ADMIN).status_code in (302, 403)
    edit_url = reverse("event_categories:edit", args=[category.pk])
    response = client.post(edit_url, {"name": "改名"}, **ADMIN)
    assert response.status_code in (302, 403)
    assert Category.objects.get(pk=category.pk).name == "宠物饲养纠纷"


def test_a_superuser_keeps_the_working_calendar(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("working_calendar:add"),
        {"date": "2027-02-20", "is_working_day": "on", "note": "春节调休"},
        **ADMIN,
    )
    assert response.status_code == 302
    day = WorkingDayOverride.objects.get()
    assert day.is_working_day and day.note == "春节调休"
    assert client.get(reverse("working_calendar:index"), **ADMIN).status_code == 200
    client.post(reverse("working_calendar:delete", args=[day.pk]), **ADMIN)
    assert not WorkingDayOverride.objects.exists()
