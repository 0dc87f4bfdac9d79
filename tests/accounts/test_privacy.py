"""PIPL: a user downloads all their data, and deletes their account (erased, posts kept)."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import timezone, translation
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry

from accounts.factories import UserFactory
from accounts.models import PrivacyConsent, Residency, ResidencyStatus, Role, RoleGrant, SmsMessage
from accounts.privacy import export
from accounts.services.privacy import (
    ACCOUNT_DELETE_ACTION,
    DATA_EXPORT_ACTION,
    delete_account,
    record_consent,
)
from accounts.services.roles import grant_role
from communities.factories import NewsPageFactory
from notifications.models import Notification, NotificationPreference
from tests.conftest import assert_accessible_basics, changed_tables, database_rows, host_of, shown

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PASSWORD = "pass-for-tests"  # UserFactory's
PHONE = "+8613812345678"
EMAIL = "wang@example.invalid"
REAL_NAME = "王小明"
ID_NUMBER = "11010519491231002X"
ADDRESS = "招商街道花果山小区3栋1203"


@pytest.fixture
def person(community_a):
    user = UserFactory(
        username="wang-xiaoming",
        display_name="花果山老王",
        real_name=REAL_NAME,
        first_name="小明",
        last_name="王",
        phone=PHONE,
        phone_verified=True,
        id_number=ID_NUMBER,
        address=ADDRESS,
        email=EMAIL,
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    record_consent(user)
    Residency.objects.create(
        user=user, community=community_a, building="3栋", unit="1203",
        status=ResidencyStatus.APPROVED,
    )  # fmt: skip
    Notification.objects.create(user=user, kind="residency", title="您的居民认证已通过")
    NotificationPreference.objects.create(user=user, kind="residency", email=False)
    SmsMessage.objects.create(phone=PHONE, body="验证码 123456")
    return user


@pytest.fixture
def neighbour(community_a):
    user = UserFactory(
        username="li", display_name="李阿姨", real_name="李红", phone="+8613912345678",
        email="li@example.invalid", address="花果山小区5栋",
    )  # fmt: skip
    Residency.objects.create(user=user, community=community_a, building="5栋", unit="501")
    Notification.objects.create(user=user, kind="residency", title="李阿姨的通知")
    return user


@pytest.fixture
def comment(person, community_a):
    news = community_a.site.root_page.get_children().get(slug="news")
    page = NewsPageFactory(parent=news, title="楼道灯修好了", slug="lights")
    return XtdComment.objects.create(
        content_object=page,
        site=Site.objects.get(pk=1),
        user=person,
        user_name=REAL_NAME,  # django_comments copies the poster's name and email
        user_email=EMAIL,
        user_url="https://wang.example.invalid/",
        ip_address="10.1.2.3",
        comment="三楼的灯还是不亮。",
        submit_date=timezone.now(),
    )


# --- export -------------------------------------------------------------------------------


def test_export_page_explains_and_needs_login(client, community_a, person):
    url = reverse("account_data_export")
    response = client.get(url, **host_of(community_a), **EN)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(url, **host_of(community_a)).status_code == 302
    client.force_login(person)
    page = client.get(url, **host_of(community_a), **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert shown("Download my data") in html and 'method="post"' in html
    assert_accessible_basics(html)
    assert not ModelLogEntry.objects.filter(action=DATA_EXPORT_ACTION).exists()


def test_export_downloads_everything_about_me_and_nothing_about_others(
    client, community_a, person, neighbour, comment
):
    client.force_login(person)
    response = client.post(reverse("account_data_export"), **host_of(community_a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="jiayuan-my-data-{today}.json"'
    )
    body = response.content.decode()
    data = json.loads(body)
    profile = data["profile"]
    assert profile["phone"] == PHONE
    assert (profile["real_name"], profile["id_number"], profile["address"]) == (
        REAL_NAME, ID_NUMBER, ADDRESS,
    )  # fmt: skip
    assert data["privacy_consents"][0]["policy_version"]
    assert [r["community"] for r in data["residencies"]] == [community_a.name]
    assert data["residencies"][0]["status"] == ResidencyStatus.APPROVED
    assert data["notifications"][0]["title"] == "您的居民认证已通过"
    assert data["notification_preferences"] == [
        {"kind": "residency", "in_site": True, "email": False}
    ]
    assert data["email_addresses"][0]["email"] == EMAIL
    assert data["comments"][0]["comment"] == "三楼的灯还是不亮。"
    assert data["staff_roles"] == []
    for theirs in ("李红", "+8613912345678", "li@example.invalid", "花果山小区5栋", "李阿姨"):
        assert theirs not in body
    entry = ModelLogEntry.objects.get(action=DATA_EXPORT_ACTION)
    assert entry.user == person and entry.object_id == str(person.pk)
    assert PHONE not in json.dumps(entry.data) and REAL_NAME not in entry.label


def test_other_apps_add_sections_to_the_export(client, community_a, person, superuser, monkeypatch):
    grant_role(superuser, person, Role.COMMUNITY_MODERATOR, community=community_a)
    # A registry of its own for this test: the apps' real sections ("posts"...) stay intact.
    monkeypatch.setattr(export, "_EXPORTERS", dict(export._EXPORTERS))
    export.register_exporter("another_app", lambda user: [{"title": f"item of {user.pk}"}])
    client.force_login(person)
    data = json.loads(client.post(reverse("account_data_export")).content)
    assert data["another_app"] == [{"title": f"item of {person.pk}"}]
    assert data["staff_roles"][0]["role"] == Role.COMMUNITY_MODERATOR


# --- deletion -----------------------------------------------------------------------------


def _log_in(client, login: str) -> bool:
    client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    return "_auth_user_id" in client.session


def test_wrong_password_changes_nothing(client, community_a, person, comment):
    client.force_login(person)
    page = client.get(reverse("account_delete"), **host_of(community_a), **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert shown("Deleted user") in html and shown("This cannot be undone.") in html
    assert_accessible_basics(html)
    before = database_rows()
    response = client.post(
        reverse("account_delete"), {"password": "not-my-password"}, **host_of(community_a), **EN
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert shown("That is not your password.") in html and 'aria-invalid="true"' in html
    assert_accessible_basics(html)
    assert changed_tables(before, database_rows()) == {}
    response = client.post(reverse("account_delete"), {}, **host_of(community_a), **EN)
    assert shown("Type your password to confirm.") in response.content.decode()
    assert changed_tables(before, database_rows()) == {}


def test_delete_erases_personal_information_and_keeps_posts(
    client, community_a, person, neighbour, comment, superuser
):
    grant_role(superuser, person, Role.COMMUNITY_EDITOR, community=community_a)
    assert _log_in(client.__class__(), PHONE)  # the logins work before
    other_device = client.__class__()
    other_device.force_login(person)
    client.force_login(person)
    consents = list(PrivacyConsent.objects.filter(user=person).values_list("pk", flat=True))

    response = client.post(reverse("account_delete"), {"password": PASSWORD}, **EN)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_delete_done")
    done = client.get(response["Location"], **host_of(community_a), **EN)
    assert done.status_code == 200 and shown("Your account is deleted") in done.content.decode()
    assert "_auth_user_id" not in client.session

    person.refresh_from_db()  # the row stays, so posts and events keep their author
    assert person.username == f"deleted-{person.pk}"
    for field in ("real_name", "id_number", "address", "email", "first_name", "last_name"):
        assert getattr(person, field) == "", field
    assert person.display_name == "" and person.phone is None and not person.phone_verified
    assert not person.is_active and not person.is_staff and not person.has_usable_password()
    assert person.deleted_at is not None
    with translation.override("en"):
        assert person.public_name == "Deleted user"

    assert not EmailAddress.objects.filter(user=person).exists()
    assert not SmsMessage.objects.filter(phone=PHONE).exists()
    assert not Notification.objects.filter(user=person).exists()
    assert not NotificationPreference.objects.filter(user=person).exists()
    assert not RoleGrant.objects.filter(user=person).exists() and not person.groups.exists()
    residency = Residency.objects.get(user=person)
    assert residency.status == ResidencyStatus.ENDED and residency.ended_at is not None
    assert (residency.building, residency.unit) == ("", "")
    assert list(PrivacyConsent.objects.filter(user=person).values_list("pk", flat=True)) == consents
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(person.pk)
    ]
    other_device_page = other_device.get(reverse("account_data_export"))
    assert other_device_page.status_code == 302  # logged out everywhere

    comment.refresh_from_db()
    assert comment.comment == "三楼的灯还是不亮。" and comment.user_id == person.pk
    assert (comment.user_name, comment.user_email, comment.user_url) == ("", "", "")
    assert comment.ip_address is None and not comment.followup
    with translation.override("en"):
        assert comment.user.public_name == "Deleted user"

    # The neighbour is untouched.
    neighbour.refresh_from_db()
    assert neighbour.phone == "+8613912345678" and neighbour.is_active

    entry = ModelLogEntry.objects.get(action=ACCOUNT_DELETE_ACTION)
    assert entry.object_id == str(person.pk) and entry.label == f"deleted-{person.pk}"
    logged = json.dumps(entry.data, ensure_ascii=False)
    for value in (PHONE, EMAIL, REAL_NAME, "wang-xiaoming", "花果山老王"):
        assert value not in logged
    labels = ModelLogEntry.objects.filter(object_id=str(person.pk)).values_list("label", flat=True)
    assert not [label for label in labels if "wang" in label]

    for login in (PHONE, "13812345678", EMAIL, "wang-xiaoming"):
        assert not _log_in(client.__class__(), login), login


def test_code_only_accounts_confirm_with_a_word(client, community_a):
    user = UserFactory(username="code-only", phone="+8613712345678", phone_verified=True)
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    page = client.get(reverse("account_delete"), **host_of(community_a), **EN).content.decode()
    assert 'name="confirmation"' in page and 'name="password"' not in page
    before = database_rows()
    response = client.post(
        reverse("account_delete"), {"confirmation": "keep"}, **host_of(community_a), **EN
    )
    assert shown("Type the word DELETE exactly as shown.") in response.content.decode()
    assert changed_tables(before, database_rows()) == {}
    response = client.post(reverse("account_delete"), {"confirmation": " delete "}, **EN)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.deleted_at is not None and user.phone is None


def test_too_many_wrong_passwords_are_refused(client, person):
    client.force_login(person)
    for _attempt in range(10):
        client.post(reverse("account_delete"), {"password": "guess"}, **EN)
    response = client.post(reverse("account_delete"), {"password": PASSWORD}, **EN)
    assert shown("Too many attempts. Wait a minute and try again.") in response.content.decode()
    person.refresh_from_db()
    assert person.deleted_at is None


def test_deleting_twice_is_harmless(person):
    delete_account(person)
    deleted_at = person.deleted_at
    delete_account(person)
    person.refresh_from_db()
    assert person.deleted_at == deleted_at
    assert ModelLogEntry.objects.filter(action=ACCOUNT_DELETE_ACTION).count() == 1


def test_export_file_name_uses_the_local_date():
    from accounts.services.privacy import export_filename

    moment = datetime.datetime(2026, 3, 31, 17, 0, tzinfo=datetime.UTC)  # 01:00 in Shenzhen
    assert export_filename(moment) == "jiayuan-my-data-2026-04-01.json"
