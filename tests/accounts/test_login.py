"""Sign-in (登录): by phone or email with a password, by a code sent by SMS or email, the
lock-out after wrong passwords, and password reset by an emailed code."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import SmsMessage
from tests.accounts.test_signup import PHONE, code_sent_to, page, shown
from tests.conftest import assert_accessible_basics, changed_tables, database_rows, host_of

LOGIN = reverse("account_login")
REQUEST_CODE = reverse("account_request_login_code")
CONFIRM_CODE = reverse("account_confirm_login_code")
PASSWORD = "pass-for-tests"  # UserFactory's
EMAIL = "laowang@example.cn"


@pytest.fixture
def resident(db):
    """A resident with a verified phone number and a verified email address."""
    user = UserFactory(username="u0a1b2c3d4e", phone=PHONE, phone_verified=True, email=EMAIL)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def log_in(client, community, login: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"login": login, "password": password}, **host_of(community), **extra)


def emailed_code() -> str:
    match = re.search(r"^\s*(\d{6})\s*$", mail.outbox[-1].body, re.M)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_login_page_is_themed_accessible_and_offers_every_way_in(client, community_a):
    response = client.get(LOGIN, **host_of(community_a))

    html = page(response)
    assert response.status_code == 200
    assert f"themes/{community_a.site.communitysettings.theme}/theme.css" in html
    assert_accessible_basics(html)
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    for url in (reverse("account_signup"), REQUEST_CODE, reverse("account_reset_password")):
        assert f'href="{url}"' in html


@pytest.mark.parametrize("typed", ["15912345678", "159 1234 5678", "+86 159-1234-5678"])
def test_login_by_phone_and_password(client, community_a, resident, typed):
    response = log_in(client, community_a, typed)

    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert signed_in_as(client) == resident.pk


def test_login_by_email_and_password(client, community_a, resident):
    response = log_in(client, community_a, "LaoWang@Example.CN")

    assert response.status_code == 302
    assert signed_in_as(client) == resident.pk


def test_an_account_made_in_the_admin_without_a_phone_can_log_in(client, community_a):
    """Staff accounts are created in the admin with an email address and no phone number."""
    editor = UserFactory(username="editor-x", email="editor@jiedao.example.cn", phone=None)

    response = log_in(client, community_a, "editor@jiedao.example.cn")

    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert signed_in_as(client) == editor.pk
    assert not SmsMessage.objects.exists()


@pytest.mark.parametrize(
    ("login", "msgid"),
    [
        ("15912345678", "The phone number and/or password you specified are not correct."),
        (EMAIL, "The email address and/or password you specified are not correct."),
        ("laowang", "The phone number, email address or password is not correct."),
    ],
)
def test_a_wrong_password_is_refused_with_a_message(client, community_a, resident, login, msgid):
    response = log_in(client, community_a, login, "not-the-password")

    assert response.status_code == 200
    html = page(response)
    assert shown(msgid) in html
    assert 'role="alert"' in html
    assert_accessible_basics(html)
    assert signed_in_as(client) is None


def test_lock_out_after_five_wrong_passwords_even_for_the_right_one(client, community_a, resident):
    for _ in range(5):
        assert log_in(client, community_a, "159 1234 5678", "not-the-password").status_code == 200

    response = log_in(client, community_a, "15912345678", PASSWORD)

    assert response.status_code == 200
    assert shown("Too many failed login attempts. Try again later.") in page(response)
    assert signed_in_as(client) is None


def test_the_lock_out_is_per_number_not_for_everyone(client, community_a, resident):
    other = UserFactory(phone="+8613912345678", phone_verified=True)
    for _ in range(5):
        log_in(client, community_a, "15912345678", "not-the-password")

    response = log_in(client, community_a, "139 1234 5678", PASSWORD)

    assert response.status_code == 302
    assert signed_in_as(client) == other.pk


def test_login_by_sms_code(client, community_a, resident):
    request_page = client.get(REQUEST_CODE, **host_of(community_a))
    assert_accessible_basics(page(request_page))

    response = client.post(REQUEST_CODE, {"phone": "159 1234 5678"}, **host_of(community_a))

    assert response["Location"] == CONFIRM_CODE
    confirm_page = client.get(CONFIRM_CODE, **host_of(community_a))
    html = page(confirm_page)
    assert 'inputmode="numeric"' in html and "159****5678" in html and "15912345678" not in html
    assert_accessible_basics(html)
    response = client.post(CONFIRM_CODE, {"code": code_sent_to(PHONE)}, **host_of(community_a))
    assert response.status_code == 302
    assert signed_in_as(client) == resident.pk


def test_login_by_email_code(client, community_a, resident):
    client.post(REQUEST_CODE, {"email": EMAIL}, **host_of(community_a))

    response = client.post(CONFIRM_CODE, {"code": emailed_code()}, **host_of(community_a))

    assert response.status_code == 302
    assert signed_in_as(client) == resident.pk
    assert not SmsMessage.objects.exists()


def test_an_empty_code_request_is_refused_with_a_message(client, community_a):
    before = database_rows()

    response = client.post(REQUEST_CODE, {"phone": "", "email": ""}, **host_of(community_a))

    assert response.status_code == 200
    assert shown("Enter your mobile phone number or your email address.") in page(response)
    assert changed_tables(before, database_rows()) == {}


def test_a_foreign_number_cannot_ask_for_a_code(client, community_a):
    response = client.post(REQUEST_CODE, {"phone": "+852 9123 4567"}, **host_of(community_a))

    assert response.status_code == 200
    assert shown("Only mainland China mobile numbers (+86) can be used.") in page(response)
    assert not SmsMessage.objects.exists()


def test_three_wrong_sign_in_codes_end_the_attempt(client, community_a, resident):
    client.post(REQUEST_CODE, {"phone": "15912345678"}, **host_of(community_a))
    right = code_sent_to(PHONE)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(2):
        response = client.post(CONFIRM_CODE, {"code": wrong}, **host_of(community_a))
        assert shown("Incorrect code.") in page(response)

    response = client.post(CONFIRM_CODE, {"code": wrong}, follow=True, **host_of(community_a))

    assert shown("Too many failed login attempts. Try again later.") in page(response)
    client.post(CONFIRM_CODE, {"code": right}, **host_of(community_a))
    assert signed_in_as(client) is None


def test_password_reset_by_emailed_code(client, community_a, resident):
    reset_page = client.get(reverse("account_reset_password"), **host_of(community_a))
    assert_accessible_basics(page(reset_page))

    response = client.post(
        reverse("account_reset_password"), {"email": EMAIL}, **host_of(community_a)
    )
    assert response["Location"] == reverse("account_confirm_password_reset_code")
    response = client.post(
        reverse("account_confirm_password_reset_code"),
        {"code": emailed_code()},
        **host_of(community_a),
    )
    assert response["Location"] == reverse("account_complete_password_reset")
    new_page = client.get(response["Location"], **host_of(community_a))
    assert 'autocomplete="new-password"' in page(new_page)
    assert_accessible_basics(page(new_page))
    client.post(
        reverse("account_complete_password_reset"),
        {"password1": "A-new-lantern-2026", "password2": "A-new-lantern-2026"},
        **host_of(community_a),
    )
    client.logout()

    assert log_in(client, community_a, "15912345678", "A-new-lantern-2026").status_code == 302
    assert signed_in_as(client) == resident.pk


def test_signed_in_pages_are_themed_and_accessible(client, community_a, resident):
    client.force_login(resident)
    for name in ("account_logout", "account_email", "account_change_password"):
        response = client.get(reverse(name), **host_of(community_a))
        assert response.status_code == 200, name
        assert f"themes/{community_a.site.communitysettings.theme}/theme.css" in page(response)
        assert_accessible_basics(page(response))

    response = client.post(reverse("account_logout"), **host_of(community_a))

    assert response.status_code == 302
    assert signed_in_as(client) is None


def test_too_many_sign_ins_from_one_address_get_a_themed_page_not_a_bare_error(
    client, community_a, resident
):
    """allauth's limit of 30 sign-in attempts a minute per address answers 429."""
    responses = [log_in(client, community_a, f"1391234{n:04d}", "x") for n in range(31)]

    assert {r.status_code for r in responses[:30]} == {200}
    limited = responses[30]
    assert limited.status_code == 429
    html = page(limited)
    assert shown("Too many attempts") in html
    assert community_a.name in html  # inside the community's own themed layout
    assert_accessible_basics(html)
