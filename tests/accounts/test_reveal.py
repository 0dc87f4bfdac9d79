"""Staff see personal information masked; showing a field in clear is allowed by role and
always logged (who, whose, which field, when)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from accounts.factories import UserFactory
from accounts.models import Residency, ResidencyStatus, Role, User
from accounts.privacy.reveal import PI_REVEAL_ACTION, reveal
from accounts.services.roles import grant_role
from tests.conftest import said, shown

PHONE = "+8613812345678"
NATIONAL = "13812345678"
REAL_NAME = "王小明"
ID_NUMBER = "11010519491231002X"
ADDRESS = "招商街道花果山小区3栋1203"


@pytest.fixture
def resident(community_a):
    user = UserFactory(
        username="wang",
        display_name="花果山老王",
        real_name=REAL_NAME,
        phone=PHONE,
        phone_verified=True,
        id_number=ID_NUMBER,
        address=ADDRESS,
        email="wang@example.invalid",
    )
    Residency.objects.create(user=user, community=community_a, building="3栋", unit="1203")
    return user


@pytest.fixture
def editor_b(community_b):
    user = UserFactory(username="editor-b")
    user.groups.add(community_b.editors_group)
    return user


def detail_url(user: User) -> str:
    return reverse("jiayuan_people:detail", args=[user.pk])


def reveal_entries():
    return ModelLogEntry.objects.filter(action=PI_REVEAL_ACTION)


def assert_no_personal_information(html: str) -> None:
    for value in (PHONE, NATIONAL, "138 1234 5678", REAL_NAME, ID_NUMBER, ADDRESS):
        assert value not in html, value


def test_people_list_and_detail_are_masked(client, editor_a, resident):
    client.force_login(editor_a)
    listing = client.get(reverse("jiayuan_people:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "花果山老王" in html and "138****5678" in html and "王**" in html
    assert_no_personal_information(html)

    page = client.get(detail_url(resident))
    assert page.status_code == 200
    html = page.content.decode()
    assert "138****5678" in html and "1101**********002X" in html
    assert_no_personal_information(html)
    assert "no-store" in page["Cache-Control"]
    assert not reveal_entries().exists()


def test_show_reveals_one_field_and_logs_it(client, editor_a, resident):
    client.force_login(editor_a)
    response = client.post(detail_url(resident), {"field": "phone"})
    assert response.status_code == 200
    html = response.content.decode()
    assert PHONE in html
    for value in (REAL_NAME, ID_NUMBER, ADDRESS):  # only the field asked for
        assert value not in html
    entry = reveal_entries().get()
    assert entry.user == editor_a
    assert entry.content_type == ContentType.objects.get_for_model(User)
    assert entry.object_id == str(resident.pk)
    assert entry.data["field"] == "phone"
    assert entry.timestamp is not None
    assert REAL_NAME not in entry.label and PHONE not in entry.label

    # Showing it again is another look, so another entry; the page itself is masked again.
    client.post(detail_url(resident), {"field": "phone"})
    assert reveal_entries().count() == 2
    assert PHONE not in client.get(detail_url(resident)).content.decode()


def test_reveals_are_in_the_site_history_report(client, editor_a, superuser, resident):
    client.force_login(editor_a)
    client.post(detail_url(resident), {"field": "real_name"})
    city_admin = UserFactory(username="city-admin")
    grant_role(superuser, city_admin, Role.CITY_ADMIN)
    for viewer in (superuser, city_admin):
        client.force_login(viewer)
        report = client.get(reverse("wagtailadmin_reports:site_history"), HTTP_ACCEPT_LANGUAGE="en")
        assert report.status_code == 200
        html = report.content.decode()
        expected = said(
            "Showed the %(field)s of user %(id)s in clear",
            field=said("real name"),
            id=resident.pk,
        )
        assert escape(expected) in html, viewer
        assert REAL_NAME not in html


def test_editor_of_another_community_cannot_see_or_reveal(client, editor_b, resident):
    client.force_login(editor_b)
    assert client.get(detail_url(resident)).status_code == 403
    response = client.post(detail_url(resident), {"field": "phone"})
    assert response.status_code == 403
    assert PHONE not in response.content.decode()
    assert not reveal_entries().exists()
    assert "花果山老王" not in client.get(reverse("jiayuan_people:index")).content.decode()
    with pytest.raises(PermissionDenied):
        reveal(editor_b, resident, "phone")
    assert not reveal_entries().exists()


def test_moderators_and_residents_get_no_people_page(client, moderator_a, resident):
    for user in (moderator_a, UserFactory(username="neighbour")):
        client.force_login(user)
        assert client.get(reverse("jiayuan_people:index")).status_code in (302, 403)
        response = client.post(detail_url(resident), {"field": "phone"})
        assert response.status_code in (302, 403)
        assert PHONE not in response.content.decode()
    client.force_login(moderator_a)  # has admin access: a plain refusal
    assert client.get(reverse("jiayuan_people:index")).status_code == 403
    assert not reveal_entries().exists()


def test_rejected_request_stays_listed_but_cannot_be_revealed(client, editor_a, resident):
    Residency.objects.filter(user=resident).update(status=ResidencyStatus.REJECTED)
    client.force_login(editor_a)
    page = client.get(detail_url(resident))
    assert page.status_code == 200
    assert 'name="field"' not in page.content.decode()
    assert client.post(detail_url(resident), {"field": "phone"}).status_code == 403
    assert not reveal_entries().exists()


def test_unknown_field_is_a_clear_400(client, editor_a, resident):
    client.force_login(editor_a)
    response = client.post(detail_url(resident), {"field": "password"})
    assert response.status_code == 400
    assert shown("There is no such personal field to show.") in response.content.decode()
    assert not reveal_entries().exists()


@pytest.mark.parametrize("query", ["138 1234 5678", NATIONAL, PHONE, "老王"])
def test_search_by_display_name_or_exact_phone(client, editor_a, resident, community_b, query):
    other = UserFactory(username="other", display_name="老王的邻居", phone="+8613912345678")
    Residency.objects.create(user=other, community=community_b, building="1", unit="1")
    client.force_login(editor_a)
    html = client.get(reverse("jiayuan_people:index"), {"q": query}).content.decode()
    assert detail_url(resident) in html
    assert detail_url(other) not in html  # a resident of B, not in this editor's scope


def test_search_does_not_match_partial_phone_numbers(client, editor_a, resident):
    client.force_login(editor_a)
    html = client.get(reverse("jiayuan_people:index"), {"q": "5678"}).content.decode()
    assert detail_url(resident) not in html


def test_people_list_costs_the_same_for_one_person_or_many(client, editor_a, resident, community_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor_a)
    url = reverse("jiayuan_people:index")
    client.get(url)  # process-wide caches (content types, site root paths) warmed

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    for n in range(5):
        user = UserFactory(display_name=f"居民{n}", phone=f"+861391234560{n}")
        Residency.objects.create(user=user, community=community_a, building="1", unit=str(n))
    assert queries() == one
