"""A bad provisioning CSV is rejected whole, naming its rows, and creates nothing at all.

Driven through ``manage.py provision_communities --from-csv``; messages are checked in
English (the catalogue translates them for the zh-hans admin).
"""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from communities.models import Community
from tests.conftest import changed_tables, database_rows

pytestmark = pytest.mark.django_db

HEADER = "district,subdistrict,community,slug,grids\n"


@pytest.fixture
def write_csv(tmp_path):
    def write(text: str, encoding: str = "utf-8"):
        path = tmp_path / "communities.csv"
        path.write_bytes(text.encode(encoding))
        return path

    return write


def rejected(path) -> str:
    """The command's error for ``path``, after checking it wrote nothing anywhere."""
    before = database_rows()
    with pytest.raises(CommandError) as raised, translation.override("en"):
        call_command("provision_communities", "--from-csv", str(path))
    assert changed_tables(before, database_rows()) == {}
    return str(raised.value)


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ("北山区,招商街道,甲社区,jia,\n", "row 3: unknown district “北山区”"),
        ("南山区,招商街道,,jia,\n", "row 3: community is empty"),
        ("南山区,,甲社区,jia,\n", "row 3: subdistrict is empty"),
        (
            "南山区,招商街道,甲社区,Jia_She,\n",
            "row 3: slug “jia_she” may use only a-z, 0-9 and inner hyphens (at most 63)",
        ),
        ("南山区,招商街道,甲社区,jia-,\n", "row 3: slug “jia-” may use only a-z"),
        ("南山区,招商街道,甲社区,jia,many\n", "row 3: grids must be a whole number from 0 to 200"),
        ("南山区,招商街道,甲社区,jia,-1\n", "row 3: grids must be a whole number from 0 to 200"),
        ("南山区,招商街道,甲社区,jia,201\n", "row 3: grids must be a whole number from 0 to 200"),
        ("南山区,招商街道,甲社区,jia,2.5\n", "row 3: grids must be a whole number from 0 to 200"),
        (f"南山区,招商街道,{'长' * 51},jia,\n", "row 3: community is longer than 50 characters"),
        ("南山区,招商街道,甲社区,good,\n", "row 3: slug “good” duplicates row 2"),
        (
            "南山区,招商街道,甲社区,jia,\n南山区,招商街道,甲社区,jia,\n",
            "row 4: 甲社区 repeats row 3",
        ),
        (
            "南山区,招商街道,甲社区,,\n南山区,招商街道,甲社区,,\n",
            "row 4: 甲社区 repeats row 3",
        ),
    ],
)
def test_bad_row_is_named_and_nothing_is_created(portal, district, write_csv, rows, error):
    # A good row 2 proves the whole file is refused, not only the bad row.
    path = write_csv(HEADER + "南山区,蛇口街道,好社区,good,\n" + rows)

    message = rejected(path)

    assert message.startswith(f"{path} was rejected; nothing was created:\n")
    assert error in message


def test_slug_of_an_existing_community_is_refused(community_a, write_csv):
    path = write_csv(HEADER + "南山区,招商街道,新社区,nanshan-zhaoshang-hgs,\n")

    assert "row 2: slug “nanshan-zhaoshang-hgs” is already used by 花果山社区" in rejected(path)


def test_existing_community_under_another_slug_is_refused(community_a, write_csv):
    path = write_csv(HEADER + "南山区,招商街道,花果山社区,another-slug,\n")

    assert "row 2: 花果山社区 already exists with the slug “nanshan-zhaoshang-hgs”" in rejected(
        path
    )


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("district,community,slug\n", "subdistrict"),
        ("区,街道,社区\n", "district, subdistrict, community"),
        ("", "district, subdistrict, community"),
    ],
)
def test_missing_column_is_reported_on_row_one(portal, district, write_csv, header, missing):
    path = write_csv(header + "南山区,甲社区,jia\n")

    assert f"row 1: missing column(s): {missing}" in rejected(path)


def test_every_bad_row_is_listed_with_its_spreadsheet_row(portal, district, write_csv):
    path = write_csv(
        HEADER
        + "北山区,招商街道,甲社区,jia,\n"
        + "\n"  # a blank line still counts as a spreadsheet row
        + "南山区,招商街道,乙社区,yi,\n"
        + "南山区,招商街道,,bing,x\n"
    )

    message = rejected(path)

    assert "row 2: unknown district “北山区”" in message
    assert "row 5: community is empty" in message
    assert "row 5: grids must be a whole number" in message
    assert "row 4" not in message


def test_file_without_rows_is_refused(portal, district, write_csv):
    assert "row 2: the file has no communities" in rejected(write_csv(HEADER + "\n,,,,\n"))


def test_file_that_is_no_text_is_refused(portal, district, tmp_path):
    path = tmp_path / "communities.csv"
    path.write_bytes(HEADER.encode() + "南山区,招商街道,甲社区,jia,\n".encode() + b"\xff\xfe\x80\n")

    assert "row 3: the file is neither UTF-8 nor GB18030 text" in rejected(path)


def test_oversized_field_is_a_row_error_not_a_crash(portal, district, write_csv):
    path = write_csv(
        HEADER + "南山区,招商街道,甲社区,jia,\n" + "南山区,招商街道," + "x" * 200_000 + "\n"
    )

    assert "row 3: field larger than field limit" in rejected(path)


def test_missing_file_is_refused(portal, tmp_path):
    assert f"Cannot read {tmp_path / 'nope.csv'}" in rejected(tmp_path / "nope.csv")


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_excel_encodings_are_accepted(portal, district, write_csv, encoding, capsys):
    path = write_csv(
        "District,Subdistrict,Community,Slug,Grids\n"  # Excel users capitalise headers
        "南山区,招商街道,花果山社区,,2\n"
        "南山区,粤海街道,科技园社区,nanshan-yh-kjy,\n",
        encoding=encoding,
    )

    call_command("provision_communities", "--from-csv", str(path))

    assert "2 communities checked, 2 created or completed." in capsys.readouterr().out
    hgs = Community.objects.get(name="花果山社区")
    assert hgs.subdistrict.name == "招商街道"
    assert hgs.slug == "nanshan-zhaoshang-huaguoshan"
    assert hgs.grids.count() == 2
    assert Community.objects.get(slug="nanshan-yh-kjy").name == "科技园社区"


def test_dry_run_checks_and_writes_nothing(portal, district, write_csv, capsys):
    path = write_csv(HEADER + "南山区,招商街道,花果山社区,,\n")
    before = database_rows()

    call_command("provision_communities", "--from-csv", str(path), "--dry-run")

    assert "1 communities would be provisioned." in capsys.readouterr().out
    assert changed_tables(before, database_rows()) == {}
