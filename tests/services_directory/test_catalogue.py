"""The city's service catalogue (一站式服务目录): 8 categories and 43 items in every database,
loaded from the shipped file; loading again changes nothing, and a bad file changes nothing."""

import json
import re

import pytest
from django.core.management import CommandError, call_command

from services_directory.factories import LocalServiceItemFactory
from services_directory.models import ServiceCategory, ServiceItem, ServiceType
from services_directory.services.catalogue import (
    DEFAULT_FILE,
    CatalogueError,
    catalogue_counts,
    load_catalogue,
)
from tests.conftest import changed_tables, database_rows, said, said_plural

CATEGORY_NAMES = [
    "计生服务", "劳动保障", "民政业务", "房屋租赁",
    "法律援助", "城管业务", "组织关系", "经济科技服务",
]  # fmt: skip


def item(code: str, **changes) -> dict:
    data = {
        "code": code,
        "service_type": "administrative",
        "name": "测试事项",
        "name_en": "Test item",
        "summary": "说明",
        "summary_en": "What it is",
        "eligibility": "居民",
        "eligibility_en": "Residents",
        "materials": ["居民身份证", "户口簿"],
        "materials_en": ["ID card", "Household register"],
        "steps": ["提交材料", "领取结果"],
        "steps_en": ["Hand in", "Collect"],
        "processing_time": "即时办结",
        "processing_time_en": "On the spot",
        "fee": "免费",
        "fee_en": "Free",
        "legal_basis": "",
        "legal_basis_en": "",
        "at_window": True,
        "at_terminal": False,
        "elsewhere": "",
        "elsewhere_en": "",
        "online_url": "",
        "sort_order": 1,
    }
    data.update(changes)
    return data


def catalogue_file(tmp_path, categories: list[dict], name="catalogue.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"categories": categories}, ensure_ascii=False), encoding="utf-8")
    return path


def category(code: str, items: list[dict]) -> dict:
    return {"code": code, "name": "测试类", "name_en": "Test", "sort_order": 9, "items": items}


def test_every_database_has_the_eight_categories_and_43_items(db):
    assert list(ServiceCategory.objects.values_list("name", flat=True)) == CATEGORY_NAMES
    assert ServiceItem.objects.filter(community__isnull=True).count() == 43
    assert ServiceItem.objects.count() == 43
    assert catalogue_counts() == {"categories": 8, "items": 43}
    # Every item is complete in both languages, with its materials and steps as lines.
    for entry in ServiceItem.objects.all():
        assert entry.code and entry.is_active, entry.code
        assert entry.service_type in ServiceType.values, entry.code
        assert entry.lines("materials") and entry.lines("steps"), entry.code
        for field in ("name", "summary", "eligibility", "materials", "steps", "fee"):
            assert getattr(entry, f"{field}_en"), (entry.code, field)
        assert entry.at_window or entry.at_terminal or entry.elsewhere or entry.online_url
    types = set(ServiceItem.objects.values_list("service_type", flat=True))
    assert ServiceType.ADMINISTRATIVE in types and len(types) >= 2


def test_loading_the_shipped_file_again_changes_nothing(db):
    before = database_rows()
    result = load_catalogue()
    assert (result.categories_unchanged, result.items_unchanged) == (8, 43)
    assert result.categories_created == result.items_created == result.items_updated == 0
    assert changed_tables(before, database_rows()) == {}


def test_a_load_updates_by_code_and_leaves_local_items_and_withdrawals_alone(tmp_path, community_a):
    shipped = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    first = shipped["categories"][0]["items"][0]
    withdrawn = ServiceItem.objects.get(community__isnull=True, code=first["code"])
    withdrawn.is_active = False
    withdrawn.save()
    local = LocalServiceItemFactory(
        community=community_a, category=withdrawn.category, code=first["code"], name="本地"
    )
    shipped["categories"][0]["items"][0] = {**first, "fee": "工本费10元"}
    shipped["categories"].append(category("test-new", [item("test-new-item")]))
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(shipped, ensure_ascii=False), encoding="utf-8")

    result = load_catalogue(path)

    assert (result.categories_created, result.items_created, result.items_updated) == (1, 1, 1)
    withdrawn.refresh_from_db()
    assert withdrawn.fee == "工本费10元" and withdrawn.is_active is False
    local.refresh_from_db()
    assert (local.name, local.fee, local.community) == ("本地", "免费", community_a)
    created = ServiceItem.objects.get(code="test-new-item")
    assert created.category.code == "test-new" and created.community is None
    assert created.materials == "居民身份证\n户口簿"
    assert created.lines("steps") == ["提交材料", "领取结果"]


@pytest.mark.parametrize(
    ("entries", "named"),
    [
        ([category("bad", [item("no-summary", summary="")])], "no-summary"),
        ([category("bad", [item("odd-type", service_type="shop")])], "odd-type"),
        ([category("bad", [item("bad-link", online_url="not a link")])], "bad-link"),
        ([category("bad", [item("no-steps", steps=[])])], "no-steps"),
        ([category("bad", [item("twice"), item("twice")])], "twice"),
        ([category("bad", [item("typo", fees="免费")])], "fees"),
        ([category("bad", [item("flag", at_window="yes")])], "at_window"),
        ([category("Bad Code!", [item("fine")])], "Bad Code!"),
    ],
)
def test_a_bad_file_is_refused_naming_the_problem_and_nothing_is_written(
    db, tmp_path, entries, named
):
    # One good category and item before the bad one: they must not be written either.
    path = catalogue_file(tmp_path, [category("good", [item("good-item")]), *entries])
    before = database_rows()
    with pytest.raises(CatalogueError) as refused:
        load_catalogue(path)
    assert any(named in message for message in refused.value.errors), refused.value.errors
    assert all(message.startswith("catalogue.json") for message in refused.value.errors)
    assert changed_tables(before, database_rows()) == {}


@pytest.mark.parametrize("content", ["", "{not json", '{"categories": {}}', "[]"])
def test_an_unreadable_file_is_refused(db, tmp_path, content):
    path = tmp_path / "catalogue.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(path)
    with pytest.raises(CatalogueError) as missing:
        load_catalogue(tmp_path / "nowhere.json")
    assert said("file not found") in missing.value.errors[0]


def test_the_command_reapplies_the_file_and_fails_cleanly_on_a_bad_one(db, tmp_path, capsys):
    call_command("load_service_catalogue")
    out = capsys.readouterr().out
    ready = "Catalogue ready: %(categories)d categories and %(items)d city items."
    assert said(ready, categories=8, items=43) in out

    path = catalogue_file(tmp_path, [category("bad", [item("no-fee", fee="")])])
    before = database_rows()
    nothing = said_plural(
        "Nothing was loaded: %(count)d problem in the catalogue file.",
        "Nothing was loaded: %(count)d problems in the catalogue file.",
        1,
        count=1,
    )
    with pytest.raises(CommandError, match=re.escape(nothing)):
        call_command("load_service_catalogue", "--file", str(path))
    assert "no-fee" in capsys.readouterr().err
    assert changed_tables(before, database_rows()) == {}
