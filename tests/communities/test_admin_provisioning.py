"""Provisioning from the Wagtail admin, and the read-only listings of the hierarchy."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.urls import reverse
from wagtail.models import ModelLogEntry, Page, Site

from accounts.factories import UserFactory
from communities.models import Community, District, Grid, Subdistrict
from tests.conftest import changed_tables, database_rows

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/communities/new/"
GOOD = {
    "subdistrict": "粤海街道",
    "name": "科技园社区",
    "slug": "nanshan-yuehai-kjy",
    "grids": "4",
}


def post_data(district, changes=None) -> dict:
    return {"district": str(district.pk), **GOOD, **(changes or {})}


def assert_refused(response) -> None:
    """Wagtail's answer to PermissionDenied in the admin: the dashboard, with an error."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    # Unread messages pile up across a test's requests; this request's is the newest.
    assert list(get_messages(response.wsgi_request))[-1].level == ERROR


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def city_administrator(portal):
    """Not a superuser: a member of a group holding the community model permissions."""
    group = Group.objects.create(name="市级管理员")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "communities"],
            codename__in=["access_admin", "add_community", "view_community"],
        )
    )
    user = UserFactory(username="city-admin")
    user.groups.add(group)
    return user


# --- provisioning --------------------------------------------------------------------------


def test_form_asks_for_the_provisioning_inputs(admin_client, district):
    response = admin_client.get(ADD_URL)

    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "district",
        "subdistrict",
        "name",
        "slug",
        "grids",
    ]


def test_superuser_provisions_a_complete_community(admin_client, superuser, portal, district):
    response = admin_client.post(ADD_URL, post_data(district))

    assert response.status_code == 302
    assert response["Location"] == "/admin/communities/"
    community = Community.objects.get(slug="nanshan-yuehai-kjy")
    assert community.name == "科技园社区"
    assert community.subdistrict.name == "粤海街道"
    assert community.site.hostname == "nanshan-yuehai-kjy.localhost"
    home = community.site.root_page
    assert home.title == "科技园社区"
    assert sorted(home.get_children().values_list("slug", flat=True)) == [
        "about",
        "forum",
        "news",
        "polls",
        "say",
    ]
    assert home.get_translations().filter(locale__language_code="en").exists()
    assert community.collection is not None
    assert community.editors_group and community.moderators_group
    assert Grid.objects.filter(community=community).count() == 4
    messages = [m for m in get_messages(response.wsgi_request) if m.level == SUCCESS]
    assert len(messages) == 1 and "nanshan-yuehai-kjy.localhost" in str(messages[0])
    entry = ModelLogEntry.objects.for_instance(community).get(action="wagtail.create")
    assert entry.user_id == superuser.pk


def test_slug_left_empty_is_made_from_pinyin(admin_client, portal, district):
    response = admin_client.post(ADD_URL, post_data(district, {"slug": ""}))

    assert response.status_code == 302
    assert Community.objects.get(name="科技园社区").slug == "nanshan-yuehai-kejiyuan"


def test_user_with_the_model_permissions_may_provision(client, city_administrator, district):
    client.force_login(city_administrator)

    response = client.post(ADD_URL, post_data(district))

    assert response.status_code == 302
    assert Community.objects.filter(slug="nanshan-yuehai-kjy").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "长" * 51}, "name"),
        ({"subdistrict": ""}, "subdistrict"),
        ({"subdistrict": "长" * 51}, "subdistrict"),
        ({"slug": "Bad_Slug"}, "slug"),
        ({"slug": "-kjy"}, "slug"),
        ({"slug": "k" * 64}, "slug"),
        ({"grids": "many"}, "grids"),
        ({"grids": "-1"}, "grids"),
        ({"grids": "201"}, "grids"),
        ({"grids": ""}, "grids"),
        ({"district": "999999"}, "district"),
        ({"district": "南山区"}, "district"),
    ],
)
def test_bad_input_shows_form_errors_and_creates_nothing(
    admin_client, portal, district, changes, field
):
    before = database_rows()

    response = admin_client.post(ADD_URL, post_data(district, changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert changed_tables(before, database_rows()) == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        # the slug of another community
        ({"slug": "nanshan-zhaoshang-hgs"}, "slug"),
        # the same community again, with or without a slug
        ({"subdistrict": "招商街道", "name": "花果山社区", "slug": ""}, "name"),
        ({"subdistrict": "招商街道", "name": "花果山社区"}, "slug"),
        # a host name some hand-made Site already serves
        ({"slug": "taken-host"}, "slug"),
    ],
)
def test_conflicts_found_by_the_service_show_as_form_errors(
    admin_client, community_a, district, changes, field
):
    Site.objects.create(
        hostname="taken-host.localhost", port=80, root_page=Page.get_first_root_node()
    )
    before = database_rows()

    response = admin_client.post(ADD_URL, post_data(district, changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert changed_tables(before, database_rows()) == {}


def test_editor_may_not_provision(client, editor_a, district):
    client.force_login(editor_a)
    before = database_rows()

    assert_refused(client.get(ADD_URL))
    assert_refused(client.post(ADD_URL, post_data(district)))
    assert changed_tables(before, database_rows()) == {}


# --- listings ------------------------------------------------------------------------------


def test_superuser_sees_the_listings_and_the_menu(admin_client, community_a, community_b):
    Grid.objects.create(community=community_a, code="G-HGS-001", name="第1网格")
    expectations = {
        "/admin/communities/": ["花果山社区", "湾厦社区"],
        "/admin/districts/": ["南山区"],
        "/admin/subdistricts/": ["招商街道", "蛇口街道"],
        "/admin/grids/": ["G-HGS-001"],
        f"/admin/communities/inspect/{community_a.pk}/": ["nanshan-zhaoshang-hgs"],
    }
    for url, texts in expectations.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert all(text in body for text in texts), url
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "/admin/communities/" in menu


def test_community_search_matches_slug_and_pinyin(admin_client, community_a, community_b):
    response = admin_client.get("/admin/communities/", {"q": "wanxia"})

    assert response.status_code == 200
    assert [c.pk for c in response.context["object_list"]] == [community_b.pk]


def test_editor_sees_no_listing_and_no_menu(client, editor_a, community_a):
    client.force_login(editor_a)

    for url in (
        "/admin/communities/",
        "/admin/districts/",
        "/admin/subdistricts/",
        "/admin/grids/",
    ):
        assert_refused(client.get(url))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "/admin/communities/" not in menu
    assert "/admin/districts/" not in menu


def test_view_permission_opens_one_listing_only(client, community_a):
    user = UserFactory(username="district-clerk")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_district"])
    )
    client.force_login(user)

    assert client.get("/admin/districts/").status_code == 200
    assert_refused(client.get("/admin/districts/new/"))
    assert_refused(client.get("/admin/communities/"))


def test_nobody_edits_or_deletes_service_owned_rows_in_the_admin(admin_client, community_a):
    district = District.objects.get()
    subdistrict = Subdistrict.objects.get(name="招商街道")

    assert_refused(admin_client.get(f"/admin/communities/edit/{community_a.pk}/"))
    assert_refused(admin_client.post(f"/admin/communities/delete/{community_a.pk}/"))
    assert_refused(admin_client.post(f"/admin/districts/delete/{district.pk}/"))
    assert_refused(admin_client.post(f"/admin/subdistricts/edit/{subdistrict.pk}/", {"name": "X"}))
    assert_refused(admin_client.get("/admin/districts/new/"))
    assert Community.objects.filter(pk=community_a.pk).exists()
    assert District.objects.filter(pk=district.pk).exists()
    subdistrict.refresh_from_db()
    assert subdistrict.name == "招商街道"
