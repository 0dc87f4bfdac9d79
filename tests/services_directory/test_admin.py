"""The one-stop services in the admin: city administrators keep the catalogue; a community's
editors keep only their community's service points and local items."""

import pytest
from wagtail.models import ModelLogEntry

from services_directory.factories import (
    LocalServiceItemFactory,
    ServiceCategoryFactory,
    ServicePointFactory,
)
from services_directory.models import ServiceCategory, ServiceItem, ServicePoint
from tests.conftest import english_admin_client as client_for

from .conftest import ADMIN

CITY = "/admin/service_catalogue/"
LOCAL = "/admin/local_service_items/"
POINTS = "/admin/service_points/"
CATEGORIES = "/admin/service_categories/"


def item_data(item=None, **changes) -> dict:
    """What the item form posts (an existing item's values, or a new item's)."""
    data = {
        "category": "",
        "service_type": "public_welfare",
        "code": "",
        "name": "长者饭堂助餐登记",
        "name_en": "Seniors' canteen",
        "summary": "为60岁以上老人提供午餐。",
        "summary_en": "Lunch for people over 60.",
        "eligibility": "本社区60岁以上居民。",
        "eligibility_en": "",
        "materials": "居民身份证\r\n\r\n  户口簿  ",
        "materials_en": "",
        "steps": "填表\r\n领卡",
        "steps_en": "",
        "processing_time": "即时办结",
        "processing_time_en": "",
        "fee": "免费",
        "fee_en": "",
        "legal_basis": "",
        "legal_basis_en": "",
        "at_window": "on",
        "elsewhere": "",
        "elsewhere_en": "",
        "online_url": "",
        "sort_order": "0",
        "is_active": "on",
    }
    if item is not None:
        for field in list(data):
            value = getattr(item, field)
            data[field] = value.pk if field == "category" else value
        for flag in ("at_window", "at_terminal", "is_active"):
            data.pop(flag, None)
            if getattr(item, flag):
                data[flag] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def point_data(community, **changes) -> dict:
    data = {
        "community": community.pk,
        "kind": "terminal",
        "name": "花果山易办事终端",
        "name_en": "",
        "location": "花果山社区党群服务中心大堂",
        "location_en": "",
        "hours": "24小时",
        "hours_en": "",
        "phone": "",
        "operator": "",
        "sort_order": "0",
        "is_active": "on",
    }
    data.update(changes)
    return data


def errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


def test_a_city_admin_edits_a_city_item_and_it_is_logged(city_admin, city_item):
    client = client_for(city_admin)
    assert client.get(CITY, **ADMIN).status_code == 200
    response = client.post(
        f"{CITY}edit/{city_item.pk}/", item_data(city_item, fee="工本费5元"), **ADMIN
    )
    assert response.status_code == 302, errors(response)
    city_item.refresh_from_db()
    assert city_item.fee == "工本费5元" and city_item.community is None
    assert ModelLogEntry.objects.filter(
        object_id=str(city_item.pk), action="wagtail.edit", user=city_admin
    ).exists()


def test_a_city_admin_adds_a_city_item_with_a_unique_code(city_admin, civil_affairs):
    client = client_for(city_admin)
    data = item_data(category=civil_affairs.pk, code="birth-registration")
    assert "already has the code" in str(errors(client.post(f"{CITY}new/", data, **ADMIN)))
    assert "code" in errors(client.post(f"{CITY}new/", {**data, "code": ""}, **ADMIN))
    assert ServiceItem.objects.count() == 43

    response = client.post(f"{CITY}new/", {**data, "code": "seniors-canteen"}, **ADMIN)
    assert response.status_code == 302
    added = ServiceItem.objects.get(code="seniors-canteen")
    assert added.community is None and added.materials == "居民身份证\n户口簿"


@pytest.mark.parametrize(
    "bad",
    [
        {"name": ""},
        {"online_url": "not a web address"},
        {"online_url": "javascript:alert(1)"},
        {"materials": "  \r\n "},
        {"at_window": None, "online_url": ""},  # nowhere: where would one apply?
        {"service_type": "shop"},
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(city_admin, city_item, bad):
    client = client_for(city_admin)
    before = ServiceItem.objects.get(pk=city_item.pk).__dict__.copy()
    data = item_data(city_item, **{k: v for k, v in bad.items() if v is not None})
    data = {k: v for k, v in data.items() if k not in bad or bad[k] is not None}
    assert errors(client.post(f"{CITY}edit/{city_item.pk}/", data, **ADMIN))
    after = ServiceItem.objects.get(pk=city_item.pk).__dict__
    assert {k: v for k, v in after.items() if k != "_state"} == {
        k: v for k, v in before.items() if k != "_state"
    }


def test_an_editor_adds_a_local_item_and_a_service_point_for_their_community(
    editor_a, community_a, civil_affairs
):
    client = client_for(editor_a)
    assert client.get(LOCAL, **ADMIN).status_code == 200
    assert client.get(POINTS, **ADMIN).status_code == 200

    response = client.post(
        f"{LOCAL}new/", item_data(community=community_a.pk, category=civil_affairs.pk), **ADMIN
    )
    assert response.status_code == 302, errors(response)
    local = ServiceItem.objects.get(community=community_a)
    assert (local.name, local.code, local.category) == ("长者饭堂助餐登记", "", civil_affairs)

    response = client.post(f"{POINTS}new/", point_data(community_a), **ADMIN)
    assert response.status_code == 302, errors(response)
    point = ServicePoint.objects.get(community=community_a)
    assert (point.kind, point.hours) == ("terminal", "24小时")
    assert ModelLogEntry.objects.filter(action="wagtail.create", user=editor_a).count() == 2


def test_an_editor_never_reaches_city_items_or_another_communitys_things(
    editor_a, community_a, community_b, city_item, civil_affairs
):
    point_b = ServicePointFactory(community=community_b)
    local_b = LocalServiceItemFactory(community=community_b, category=civil_affairs)
    local_a = LocalServiceItemFactory(community=community_a, category=civil_affairs)
    client = client_for(editor_a)

    # The city's catalogue and categories: refused outright.
    for path in (CITY, f"{CITY}edit/{city_item.pk}/", f"{CITY}new/", CATEGORIES):
        assert client.get(path, **ADMIN).status_code == 403, path
    response = client.post(f"{CITY}edit/{city_item.pk}/", item_data(city_item, fee="x"), **ADMIN)
    assert response.status_code == 403
    # Through the local screens, a city item or community_b's things are "not found".
    for path in (f"{LOCAL}edit/{city_item.pk}/", f"{LOCAL}edit/{local_b.pk}/",
                 f"{POINTS}edit/{point_b.pk}/", f"{POINTS}history/{point_b.pk}/"):  # fmt: skip
        assert client.get(path, **ADMIN).status_code == 404, path
    response = client.post(f"{POINTS}edit/{point_b.pk}/", point_data(community_a), **ADMIN)
    assert response.status_code == 404
    # The listings hold their own community's only.
    listing = client.get(LOCAL, **ADMIN).content.decode()
    assert local_a.name in listing and local_b.name not in listing
    assert city_item.name not in listing
    listing = client.get(POINTS, **ADMIN).content.decode()
    assert point_b.name not in listing
    # Adding for community_b: the choice is not offered, so it is a form error.
    count = ServicePoint.objects.count(), ServiceItem.objects.count()
    assert "community" in errors(client.post(f"{POINTS}new/", point_data(community_b), **ADMIN))
    data = item_data(community=community_b.pk, category=civil_affairs.pk)
    assert "community" in errors(client.post(f"{LOCAL}new/", data, **ADMIN))
    assert (ServicePoint.objects.count(), ServiceItem.objects.count()) == count
    city_item.refresh_from_db()
    assert city_item.fee != "x"
    # The admin menu offers their own screens only.
    menu = client.get("/admin/", **ADMIN).content.decode()
    assert POINTS in menu and LOCAL in menu and CITY not in menu and CATEGORIES not in menu


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"name": ""}, "name"),
        ({"phone": "138 0013 8000"}, "phone"),  # a mobile: somebody's own number
        ({"kind": "kiosk"}, "kind"),
        ({"location": ""}, "location"),
    ],
)
def test_a_bad_service_point_is_a_form_error_and_nothing_is_saved(
    editor_a, community_a, bad, field
):
    client = client_for(editor_a)
    response = client.post(f"{POINTS}new/", point_data(community_a, **bad), **ADMIN)
    assert field in errors(response)
    assert not ServicePoint.objects.exists()


def test_only_a_service_centre_is_run_by_an_organisation(editor_a, community_a):
    from organisations.models import Organisation

    operator = Organisation.objects.create(
        name="花果山社工服务中心", credit_code="51440300MJL1234568"
    )
    client = client_for(editor_a)
    data = point_data(community_a, operator=operator.pk)
    assert "operator" in errors(client.post(f"{POINTS}new/", data, **ADMIN))
    response = client.post(f"{POINTS}new/", {**data, "kind": "service_centre"}, **ADMIN)
    assert response.status_code == 302
    assert operator.service_centres.get().community == community_a


def test_an_editor_edits_their_own_point_and_a_city_admin_sees_every_community(
    editor_a, city_admin, community_a, community_b
):
    point_a = ServicePointFactory(community=community_a)
    point_b = ServicePointFactory(community=community_b)
    client = client_for(editor_a)
    data = point_data(community_a, kind="service_centre", name=point_a.name, hours="周一至周五")
    response = client.post(f"{POINTS}edit/{point_a.pk}/", data, **ADMIN)
    assert response.status_code == 302, errors(response)
    point_a.refresh_from_db()
    assert point_a.hours == "周一至周五"
    # Moving it to a community they do not edit is refused.
    data = point_data(community_b, kind="service_centre", name=point_a.name)
    assert "community" in errors(client.post(f"{POINTS}edit/{point_a.pk}/", data, **ADMIN))

    admin = client_for(city_admin)
    listing = admin.get(POINTS, **ADMIN).content.decode()
    assert point_a.name in listing and point_b.name in listing
    assert admin.get(f"{POINTS}edit/{point_b.pk}/", **ADMIN).status_code == 200


def test_a_category_with_items_is_not_deleted_and_an_empty_one_is(city_admin, civil_affairs):
    client = client_for(city_admin)
    response = client.post(f"{CATEGORIES}delete/{civil_affairs.pk}/", **ADMIN)
    assert response.status_code == 302
    assert ServiceCategory.objects.filter(pk=civil_affairs.pk).exists()
    assert client.get(f"{CATEGORIES}delete/{civil_affairs.pk}/", **ADMIN).status_code == 302

    empty = ServiceCategoryFactory()
    assert client.get(f"{CATEGORIES}delete/{empty.pk}/", **ADMIN).status_code == 200
    response = client.post(f"{CATEGORIES}delete/{empty.pk}/", **ADMIN)
    assert response.status_code == 302
    assert not ServiceCategory.objects.filter(pk=empty.pk).exists()
    assert ServiceCategory.objects.count() == 8


def test_there_is_no_way_to_delete_an_item_or_a_point(city_admin, city_item, community_a):
    point = ServicePointFactory(community=community_a)
    client = client_for(city_admin)
    for path in (f"{CITY}delete/{city_item.pk}/", f"{POINTS}delete/{point.pk}/"):
        assert client.post(path, **ADMIN).status_code == 404
    assert ServiceItem.objects.filter(pk=city_item.pk).exists()


def test_every_screen_renders_for_a_city_admin(city_admin, city_item, community_a):
    point = ServicePointFactory(community=community_a)
    local = LocalServiceItemFactory(community=community_a, category=city_item.category)
    client = client_for(city_admin)
    paths = [
        CITY, f"{CITY}new/", f"{CITY}edit/{city_item.pk}/", f"{CITY}history/{city_item.pk}/",
        LOCAL, f"{LOCAL}new/", f"{LOCAL}edit/{local.pk}/", f"{LOCAL}history/{local.pk}/",
        POINTS, f"{POINTS}new/", f"{POINTS}edit/{point.pk}/", f"{POINTS}history/{point.pk}/",
        CATEGORIES, f"{CATEGORIES}new/", f"{CATEGORIES}edit/{city_item.category.pk}/",
        f"{CITY}?category={city_item.category.pk}&service_type=administrative",
        f"{POINTS}?community={community_a.pk}&kind=terminal",
    ]  # fmt: skip
    for path in paths:
        assert client.get(path, **ADMIN).status_code == 200, path
    # A city admin's local-items screen does not list city items either.
    assert city_item.name not in client.get(LOCAL, **ADMIN).content.decode()
