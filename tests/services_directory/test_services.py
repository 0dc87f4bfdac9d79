"""The one-stop services' domain operations, called directly: who may change what, the
checks on a service point, and how the catalogue is listed for a community."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.factories import UserFactory
from services_directory.factories import LocalServiceItemFactory, ServicePointFactory
from services_directory.models import ServiceItem, ServicePoint
from services_directory.services import (
    catalogue_for,
    create_item,
    create_service_point,
    delete_category,
    item_for,
    service_points_for,
    update_item,
    update_service_point,
)

ITEM = {
    "service_type": "public_welfare",
    "name": "长者饭堂助餐登记",
    "summary": "为60岁以上老人提供午餐。",
    "eligibility": "本社区60岁以上居民。",
    "materials": "居民身份证",
    "steps": "填表\n领卡",
    "processing_time": "即时办结",
    "fee": "免费",
}
POINT = {
    "kind": "terminal",
    "name": "易办事终端",
    "location": "党群服务中心大堂",
    "hours": "24小时",
}


def test_only_city_admins_add_or_change_city_items(editor_a, city_admin, civil_affairs, city_item):
    with pytest.raises(PermissionDenied):
        create_item(editor_a, None, category=civil_affairs, code="x", **ITEM)
    with pytest.raises(PermissionDenied):
        update_item(editor_a, city_item, fee="收费")
    with pytest.raises(PermissionDenied):
        create_item(UserFactory(), None, category=civil_affairs, code="x", **ITEM)
    with pytest.raises(ValidationError) as refused:
        update_item(city_admin, city_item, community=editor_a.groups.get().edited_community)
    assert "community" in refused.value.message_dict
    item = create_item(city_admin, None, category=civil_affairs, code="seniors-canteen", **ITEM)
    assert item.community is None and ServiceItem.objects.filter(code="seniors-canteen").exists()


def test_editors_keep_their_own_communitys_local_items_only(
    editor_a, community_a, community_b, civil_affairs
):
    item = create_item(editor_a, community_a, category=civil_affairs, **ITEM)
    assert (item.community, item.code, item.materials) == (community_a, "", "居民身份证")
    with pytest.raises(PermissionDenied):
        create_item(editor_a, community_b, category=civil_affairs, **ITEM)
    with pytest.raises(PermissionDenied):
        update_item(editor_a, item, community=community_b)
    other = LocalServiceItemFactory(community=community_b, category=civil_affairs)
    with pytest.raises(PermissionDenied):
        update_item(editor_a, other, name="改名")
    update_item(editor_a, item, name="  长者饭堂  ", materials="身份证\n\n户口簿\n")
    item.refresh_from_db()
    assert (item.name, item.materials) == ("长者饭堂", "身份证\n户口簿")


def test_a_service_point_is_checked_before_it_is_saved(editor_a, community_a, community_b):
    with pytest.raises(PermissionDenied):
        create_service_point(editor_a, community_b, **POINT)
    with pytest.raises(ValidationError) as refused:
        create_service_point(editor_a, community_a, **{**POINT, "phone": "+86 139-0000-0000"})
    assert list(refused.value.message_dict) == ["phone"]
    with pytest.raises(ValidationError) as refused:
        create_service_point(editor_a, community_a, **{**POINT, "name": "", "hours": ""})
    assert {"name", "hours"} <= set(refused.value.message_dict)
    assert not ServicePoint.objects.exists()

    point = create_service_point(editor_a, community_a, **{**POINT, "phone": "0755-2661 2345"})
    update_service_point(editor_a, point, is_active=False)
    point.refresh_from_db()
    assert point.is_active is False and point.phone == "0755-2661 2345"


def test_only_city_admins_delete_a_category_and_only_an_empty_one(
    editor_a, city_admin, civil_affairs
):
    with pytest.raises(PermissionDenied):
        delete_category(editor_a, civil_affairs)
    with pytest.raises(ValidationError):
        delete_category(city_admin, civil_affairs)
    civil_affairs.refresh_from_db()


def test_the_catalogue_for_a_community_groups_city_items_then_its_own(
    community_a, community_b, civil_affairs, centre_a
):
    mine = LocalServiceItemFactory(community=community_a, category=civil_affairs, sort_order=0)
    theirs = LocalServiceItemFactory(community=community_b, category=civil_affairs)
    groups = catalogue_for(community_a)
    assert [g.category.sort_order for g in groups] == sorted(g.category.sort_order for g in groups)
    assert sum(len(g.items) for g in groups) == 44
    civil = next(g for g in groups if g.category == civil_affairs)
    assert civil.items[-1] == mine  # after the city's items, whatever its order number
    assert all(theirs not in g.items for g in groups)

    assert [g.category for g in catalogue_for(community_a, category="civil-affairs")] == [
        civil_affairs
    ]
    found = catalogue_for(None, query="法律 援助")
    assert found and all("法律" in i.name + i.summary for g in found for i in g.items)
    assert catalogue_for(None, service_type="market", category=civil_affairs)[0].items
    assert item_for(None, mine.pk) is None and item_for(community_b, mine.pk) is None
    assert item_for(community_a, mine.pk) == mine
    assert service_points_for(community_a) == [centre_a] and service_points_for(None) == []
    ServicePointFactory(community=community_a, is_active=False)
    assert service_points_for(community_a) == [centre_a]
