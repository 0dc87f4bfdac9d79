"""Residency requests (居民认证): bad input refused with nothing saved, editors scoped to their
own communities, decisions with reasons, moving, and one verified community per user."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from wagtail.models import ModelLogEntry, Page

from accounts.factories import UserFactory
from accounts.models import Residency, ResidencyStatus
from accounts.privacy.reveal import PI_REVEAL_ACTION
from accounts.services.residency import (
    APPROVE_ACTION,
    REJECT_ACTION,
    WITHDRAW_ACTION,
    approve_residency,
    reject_residency,
    request_residency,
    verified_community,
    withdraw_residency,
)
from communities.models import Grid
from tests.conftest import assert_accessible_basics, changed_tables, database_rows, host_of
from tests.conftest import english_admin_client as admin_client

PORTAL = {"HTTP_HOST": "localhost"}
REQUEST_URL = reverse("residency_request")
STATUS_URL = reverse("residency_status")


@pytest.fixture
def resident(db):
    return UserFactory(
        username="resident",
        display_name="小李",
        real_name="李小明",
        phone="+8613912345678",
        phone_verified=True,
    )


@pytest.fixture
def resident_client(resident):
    client = Client()
    client.force_login(resident)
    return client


@pytest.fixture
def editor_b(community_b):
    user = UserFactory(username="editor-b")
    user.groups.add(community_b.editors_group)
    return user


def ui(text: str, **params) -> str:
    """``text`` as the public pages show it: they are in Chinese, the site's language (the
    accounts URLs have no language prefix), so this passes before and after translation."""
    with translation.override("zh-hans"):
        text = gettext(text)
    return escape(text % params if params else text)


def too_long(limit: int, length: int) -> str:
    """Django's own message for a value over a field's max_length."""
    with translation.override("zh-hans"):
        text = ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            limit,
        )
    return escape(text % {"limit_value": limit, "show_value": length})


def decide_url(residency) -> str:
    return reverse("residency_requests:edit", args=[residency.pk])


def refused(client, data, **request) -> str:
    """POST a request that must be refused: a 400 page with the error, nothing written."""
    before = database_rows()
    response = client.post(REQUEST_URL, data, **request)
    assert response.status_code == 400
    assert changed_tables(before, database_rows()) == {}
    return response.content.decode()


# Asking ------------------------------------------------------------------------------------


def test_request_form_on_a_community_site_is_for_that_community(resident_client, community_a):
    Grid.objects.create(community=community_a, code="A-01", name="第一网格")
    page = resident_client.get(REQUEST_URL, **host_of(community_a)).content.decode()
    assert_accessible_basics(page)
    assert "花果山社区" in page
    assert 'name="community"' not in page
    assert "第一网格" in page


def test_request_on_the_portal_names_the_community_by_slug(resident_client, resident, community_a):
    page = resident_client.get(REQUEST_URL, **PORTAL).content.decode()
    assert_accessible_basics(page)
    assert 'name="community"' in page
    response = resident_client.post(
        REQUEST_URL,
        {"community": " Nanshan-Zhaoshang-HGS ", "building": "  3栋 ", "unit": "12 03"},
        **PORTAL,
    )
    assert response.status_code == 302
    residency = Residency.objects.get(user=resident)
    assert (residency.community, residency.building, residency.unit) == (
        community_a,
        "3栋",
        "12 03",
    )
    assert residency.status == ResidencyStatus.PENDING


def test_an_empty_form_is_refused_with_every_field_named(resident_client):
    page = refused(resident_client, {}, **PORTAL)
    assert page.count(ui("This field is required.")) == 6  # 3 fields, each in the summary too


def test_unknown_community_is_a_form_error(resident_client, community_a):
    page = refused(
        resident_client, {"community": "no-such-place", "building": "3栋", "unit": "1"}, **PORTAL
    )
    assert ui("We could not find that community. Check the address of its website.") in page
    assert_accessible_basics(page)


def test_community_whose_site_is_not_live_cannot_be_asked(resident_client, make_community):
    hidden = make_community(subdistrict="招商街道", name="未开通社区", slug="nanshan-hidden")
    Page.objects.filter(pk=hidden.site.root_page_id).update(live=False)
    page = refused(
        resident_client, {"community": hidden.slug, "building": "3栋", "unit": "1"}, **PORTAL
    )
    assert ui("We could not find that community. Check the address of its website.") in page


def test_service_refuses_a_community_that_is_not_live(resident, make_community):
    hidden = make_community(subdistrict="招商街道", name="未开通社区", slug="nanshan-hidden")
    Page.objects.filter(pk=hidden.site.root_page_id).update(live=False)
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        request_residency(resident, hidden, building="3栋", unit="1")
    assert raised.value.message_dict == {"community": ["We could not find that community."]}
    assert not Residency.objects.exists()


def test_grid_of_another_community_is_refused(resident_client, resident, community_a, community_b):
    Grid.objects.create(community=community_a, code="A-01", name="第一网格")
    other = Grid.objects.create(community=community_b, code="B-01", name="湾厦网格")
    page = refused(
        resident_client,
        {"building": "3栋", "unit": "1", "grid": other.pk},
        **host_of(community_a),
    )
    assert ui("Choose one of this community's grids.") in page
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        request_residency(resident, community_a, building="3栋", unit="1", grid=other)
    assert "grid" in raised.value.message_dict


@pytest.mark.parametrize(
    ("building", "unit", "error"),
    [
        ("   ", "1203", None),
        ("3栋", "", None),
        ("栋" * 41, "1203", (40, 41)),
        ("3栋", "1" * 21, (20, 21)),
    ],
)
def test_building_and_unit_are_required_and_length_checked(
    resident_client, community_a, building, unit, error
):
    page = refused(resident_client, {"building": building, "unit": unit}, **host_of(community_a))
    expected = ui("This field is required.") if error is None else too_long(*error)
    assert expected in page


def test_service_checks_building_and_unit_too(resident, community_a):
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        request_residency(resident, community_a, building=" ", unit="x" * 21)
    assert set(raised.value.message_dict) == {"building", "unit"}


def test_a_second_request_while_one_waits_is_refused(resident_client, resident, community_a):
    request_residency(resident, community_a, building="3栋", unit="1203")
    page = refused(resident_client, {"building": "5栋", "unit": "101"}, **host_of(community_a))
    waiting = ui(
        "You have already asked to join %(community)s: your request is waiting for its editors.",
        community="花果山社区",
    )
    assert waiting in page


def test_asking_again_where_already_verified_is_refused(
    resident_client, resident, community_a, editor_a
):
    approve_residency(editor_a, request_residency(resident, community_a, building="3栋", unit="1"))
    page = refused(resident_client, {"building": "3栋", "unit": "1"}, **host_of(community_a))
    assert (
        ui("You are already a verified resident of %(community)s.", community="花果山社区") in page
    )


def test_inactive_user_cannot_ask(resident, community_a):
    resident.is_active = False
    with pytest.raises(PermissionDenied):
        request_residency(resident, community_a, building="3栋", unit="1")


# Deciding ----------------------------------------------------------------------------------


@pytest.fixture
def pending(resident, community_a):
    return request_residency(resident, community_a, building="3栋", unit="1203")


def test_editor_lists_their_requests_masked(pending, editor_a):
    page = admin_client(editor_a).get(reverse("residency_requests:index")).content.decode()
    assert "小李" in page
    assert "139****5678" in page
    assert "13912345678" not in page and "李小明" not in page and "1203" not in page
    assert decide_url(pending) in page


def test_requests_wait_at_the_top_of_the_list(resident, community_a, editor_a):
    other = UserFactory(display_name="老张")
    approve_residency(editor_a, request_residency(other, community_a, building="1栋", unit="1"))
    request_residency(resident, community_a, building="3栋", unit="1203")
    page = admin_client(editor_a).get(reverse("residency_requests:index")).content.decode()
    assert page.index("小李") < page.index("老张")
    filtered = (
        admin_client(editor_a)
        .get(reverse("residency_requests:index"), {"status": "approved"})
        .content.decode()
    )
    assert "老张" in filtered and "小李" not in filtered


def test_editor_of_another_community_cannot_see_or_decide(pending, editor_b, community_b):
    client = admin_client(editor_b)
    listing = client.get(reverse("residency_requests:index"))
    assert listing.status_code == 200
    assert "小李" not in listing.content.decode()
    filtered = client.get(
        reverse("residency_requests:index"), {"community": pending.community_id}
    ).content.decode()
    assert "小李" not in filtered
    assert client.get(decide_url(pending)).status_code == 404
    before = database_rows()
    assert client.post(decide_url(pending), {"action": "approve"}).status_code == 404
    assert client.post(decide_url(pending), {"action": "reveal"}).status_code == 404
    assert changed_tables(before, database_rows()) == {}
    with pytest.raises(PermissionDenied):
        approve_residency(editor_b, pending)
    with pytest.raises(PermissionDenied):
        reject_residency(editor_b, pending, "不是本社区")
    pending.refresh_from_db()
    assert pending.status == ResidencyStatus.PENDING


def test_search_by_public_name(pending, editor_a, community_a):
    other = UserFactory(display_name="老张")
    request_residency(other, community_a, building="1栋", unit="1")
    index = reverse("residency_requests:index")
    page = admin_client(editor_a).get(index, {"q": "小李"}).content.decode()
    assert "小李" in page and "老张" not in page


def test_staff_without_a_community_to_edit_get_no_residency_admin(pending, moderator_a):
    client = admin_client(moderator_a)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("residency_requests:index") not in home
    response = client.get(reverse("residency_requests:index"))
    assert response.status_code == 302 and "小李" not in response.content.decode()
    assert client.get(decide_url(pending)).status_code == 404


def test_residents_have_no_residency_admin(pending, resident):
    client = admin_client(resident)
    response = client.get(reverse("residency_requests:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert client.get(decide_url(pending)).status_code == 302


def test_rejecting_needs_a_reason(pending, editor_a):
    client = admin_client(editor_a)
    before = database_rows()
    response = client.post(decide_url(pending), {"action": "reject", "reason": "  "})
    assert response.status_code == 400
    assert "Give the resident a reason: they will see it." in response.content.decode()
    assert changed_tables(before, database_rows()) == {}
    with pytest.raises(ValidationError):
        reject_residency(editor_a, pending, "")


def test_rejection_with_a_reason_is_shown_to_the_resident(
    pending, editor_a, resident_client, resident, community_a
):
    response = admin_client(editor_a).post(
        decide_url(pending), {"action": "reject", "reason": "查无此房号，请到工作站核实"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ResidencyStatus.REJECTED
    assert pending.decided_by == editor_a
    page = resident_client.get(STATUS_URL, **host_of(community_a)).content.decode()
    assert ui("Not approved") in page and "查无此房号，请到工作站核实" in page
    assert resident.notifications.get(kind="residency").body == "查无此房号，请到工作站核实"
    entry = ModelLogEntry.objects.get(action=REJECT_ACTION)
    assert entry.user == editor_a and entry.object_id == str(pending.pk)


def test_a_decided_request_cannot_be_decided_again(pending, editor_a):
    approve_residency(editor_a, pending)
    client = admin_client(editor_a)
    before = database_rows()
    response = client.post(decide_url(pending), {"action": "reject", "reason": "重复"})
    assert response.status_code == 302
    assert changed_tables(before, database_rows()) == {}
    assert "already been decided" in client.get(decide_url(pending)).content.decode()
    with pytest.raises(ValidationError):
        approve_residency(editor_a, pending)


def test_approval_is_logged(pending, editor_a):
    approve_residency(editor_a, pending, "核对无误")
    entry = ModelLogEntry.objects.get(action=APPROVE_ACTION)
    assert entry.user == editor_a
    assert entry.data == {"community": pending.community_id, "census": False, "ended": []}


def test_show_reveals_the_details_and_logs_each_look(pending, editor_a):
    client = admin_client(editor_a)
    page = client.get(decide_url(pending)).content.decode()
    assert "139****5678" in page and "13912345678" not in page and "1203" not in page
    assert "李小明" not in page
    page = client.post(decide_url(pending), {"action": "reveal"}).content.decode()
    assert "+8613912345678" in page and "李小明" in page and "3栋 1203" in page
    looks = ModelLogEntry.objects.filter(action=PI_REVEAL_ACTION, user=editor_a)
    assert sorted(e.data["field"] for e in looks) == ["phone", "real_name", "residency_dwelling"]
    assert all(e.object_id == str(pending.user_id) for e in looks)


# Moving and one verified community ---------------------------------------------------------


def test_approval_in_a_new_community_ends_the_old_residency(
    resident, community_a, community_b, editor_a, editor_b
):
    old = approve_residency(
        editor_a, request_residency(resident, community_a, building="3栋", unit="1")
    )
    new = request_residency(resident, community_b, building="8栋", unit="802")
    assert verified_community(resident) == community_a  # until the new one is approved
    approve_residency(editor_b, new)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (ResidencyStatus.ENDED, ResidencyStatus.APPROVED)
    assert old.ended_at is not None
    assert verified_community(resident) == community_b
    assert ModelLogEntry.objects.get(action=APPROVE_ACTION, object_id=str(new.pk)).data[
        "ended"
    ] == [old.pk]


def test_two_approvals_leave_one_verified_community(resident, community_a, community_b, superuser):
    first = request_residency(resident, community_a, building="3栋", unit="1")
    second = request_residency(resident, community_b, building="8栋", unit="802")
    approve_residency(superuser, first)
    approve_residency(superuser, second)
    statuses = dict(Residency.objects.filter(user=resident).values_list("pk", "status"))
    assert statuses == {first.pk: ResidencyStatus.ENDED, second.pk: ResidencyStatus.APPROVED}
    assert Residency.objects.filter(user=resident, status=ResidencyStatus.APPROVED).count() == 1


# Withdrawing -------------------------------------------------------------------------------


def test_resident_withdraws_a_waiting_request(pending, resident_client, community_a):
    page = resident_client.get(STATUS_URL, **host_of(community_a)).content.decode()
    assert_accessible_basics(page)
    withdraw = reverse("residency_withdraw", args=[pending.pk])
    assert withdraw in page
    assert resident_client.post(withdraw, **host_of(community_a)).status_code == 302
    pending.refresh_from_db()
    assert pending.status == ResidencyStatus.WITHDRAWN
    entry = ModelLogEntry.objects.for_instance(pending).get()
    assert (entry.action, entry.user_id) == (WITHDRAW_ACTION, pending.user_id)
    page = resident_client.get(STATUS_URL, **host_of(community_a)).content.decode()
    assert ui("Withdrawn") in page and withdraw not in page


def test_nobody_withdraws_another_users_request(pending, community_a):
    stranger = admin_client(UserFactory())
    before = database_rows()
    response = stranger.post(reverse("residency_withdraw", args=[pending.pk]))
    assert response.status_code == 404
    assert changed_tables(before, database_rows()) == {}
    with pytest.raises(PermissionDenied):
        withdraw_residency(UserFactory(), pending)


def test_a_decided_request_cannot_be_withdrawn(pending, editor_a, resident):
    approve_residency(editor_a, pending)
    with pytest.raises(ValidationError):
        withdraw_residency(resident, pending)
    pending.refresh_from_db()
    assert pending.status == ResidencyStatus.APPROVED
