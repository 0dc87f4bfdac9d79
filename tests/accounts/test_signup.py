"""Sign-up (注册) on a community site: mobile number, SMS code, privacy consent, bad input.

Everything goes through HTTP on the community's host, as a resident's phone would. Pages are in
Chinese (the default language), so expected messages are looked up in the catalogue the same way
(``shown``): the tests keep passing when a string gets its translation.
"""

import re
import time
from unittest import mock

import pytest
from allauth.account import app_settings
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.html import escape

from accounts.factories import UserFactory
from accounts.models import PrivacyConsent, SmsMessage, User
from communities.models import CommunitySettings
from tests.conftest import (
    assert_accessible_basics,
    changed_tables,
    database_rows,
    host_of,
    said,
    shown,
)

SIGNUP = "/accounts/signup/"
VERIFY_PHONE = "/accounts/phone/verify/"
LOGIN = "/accounts/login/"
PASSWORD = "Lanterns-by-the-river-7"
PHONE = "+8615912345678"


def sign_up(client, community, **fields):
    """POST the sign-up form on ``community``'s site; returns the response."""
    data = {
        "phone": "159 1234 5678",
        "display_name": "河边的灯笼",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_privacy_policy": "on",
        **fields,
    }
    return client.post(
        SIGNUP, {k: v for k, v in data.items() if v is not None}, **host_of(community)
    )


def code_sent_to(phone: str) -> str:
    """The six-digit code in the latest text message to ``phone``."""
    message = SmsMessage.objects.filter(phone=phone).order_by("-pk").first()
    assert message is not None, f"no text message to {phone}"
    match = re.search(r"(?<!\d)(\d{6})(?!\d)", message.body)
    assert match, message.body
    return match.group(1)


def later(seconds: float):
    """Move every clock allauth reads (``time.time``) ``seconds`` into the future."""
    real = time.time
    return mock.patch("time.time", side_effect=lambda: real() + seconds)


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def harbour_a(community_a):
    """Community A in a theme other than the default, so theming is really shown."""
    community_settings = CommunitySettings.for_site(community_a.site)
    community_settings.theme = "harbour"
    community_settings.save()
    return community_a


def test_signup_page_is_in_the_community_theme_and_accessible(client, harbour_a):
    response = client.get(SIGNUP, **host_of(harbour_a))

    html = page(response)
    assert response.status_code == 200
    assert "themes/harbour/theme.css" in html
    assert harbour_a.name in html
    assert_accessible_basics(html)
    for autocomplete in (
        'autocomplete="tel"',
        'autocomplete="email"',
        'autocomplete="new-password"',
    ):
        assert autocomplete in html
    assert 'inputmode="tel"' in html
    assert 'href="/privacy/"' in html  # the consent box links the policy
    assert "<script" not in html  # works without JavaScript
    assert "username" not in html  # residents never see or type one


def test_privacy_policy_page_is_themed_and_links_export_and_delete(client, harbour_a):
    response = client.get("/privacy/", **host_of(harbour_a))

    html = page(response)
    assert response.status_code == 200
    assert "themes/harbour/theme.css" in html
    assert settings.PRIVACY_POLICY_VERSION in html
    assert 'href="/accounts/privacy/export/"' in html
    assert 'href="/accounts/delete/"' in html
    assert_accessible_basics(html)


@pytest.mark.parametrize("typed", ["15912345678", "159 1234 5678", "+86 159-1234-5678"])
def test_signup_with_a_mobile_number_then_the_sms_code(client, community_a, typed):
    response = sign_up(client, community_a, phone=typed)

    assert response.status_code == 302
    assert response["Location"] == VERIFY_PHONE
    user = User.objects.get()
    assert user.phone == PHONE
    assert not user.phone_verified
    assert user.display_name == "河边的灯笼"
    assert PrivacyConsent.objects.get(user=user).policy_version == settings.PRIVACY_POLICY_VERSION
    # A neutral username: nothing of the phone number or email address.
    assert re.fullmatch(r"u[0-9a-f]{10}", user.username)
    assert "5678" not in user.username and "1234" not in user.username

    verify_page = client.get(VERIFY_PHONE, **host_of(community_a))
    html = page(verify_page)
    assert 'inputmode="numeric"' in html and 'autocomplete="one-time-code"' in html
    assert "159****5678" in html and "15912345678" not in html
    assert_accessible_basics(html)

    response = client.post(VERIFY_PHONE, {"code": code_sent_to(PHONE)}, **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    user.refresh_from_db()
    assert user.phone_verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_with_an_email_address_sends_a_verification_email(client, community_a):
    sign_up(client, community_a, email="Xiao.Li@Example.CN")
    client.post(VERIFY_PHONE, {"code": code_sent_to(PHONE)}, **host_of(community_a))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["xiao.li@example.cn"]
    assert community_a.name in message.subject
    assert User.objects.get().username not in message.body  # usernames stay out of sight
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert link, message.body
    confirm_page = client.get(link.group(1), **host_of(community_a))
    assert confirm_page.status_code == 200
    assert_accessible_basics(page(confirm_page))

    client.post(link.group(1), **host_of(community_a))

    assert EmailAddress.objects.get(email="xiao.li@example.cn").verified


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        (
            "12345",
            "This is not a valid mobile phone number: a mainland mobile number has 11 "
            "digits and starts with 1, for example 138 1234 5678.",
        ),
        (
            "abcdefghijk",
            "Enter a mobile phone number using digits only, for example 138 1234 5678.",
        ),
        ("+1 202 555 0143", "Only mainland China mobile numbers (+86) can be used."),
        ("+852 9123 4567", "Only mainland China mobile numbers (+86) can be used."),
        (
            "0755-86001234",
            "This looks like a landline or service number. Enter a mobile "
            "number: verification codes are sent by text message.",
        ),
        ("", "This field is required."),
    ],
)
def test_a_bad_phone_number_is_refused_and_nothing_saved(client, community_a, typed, msgid):
    before = database_rows()

    response = sign_up(client, community_a, phone=typed)

    assert response.status_code == 200
    html = page(response)
    assert shown(msgid) in html
    assert 'aria-invalid="true"' in html
    assert_accessible_basics(html)
    assert changed_tables(before, database_rows()) == {}


def test_missing_consent_is_refused_and_nothing_saved(client, community_a):
    before = database_rows()

    response = sign_up(client, community_a, accept_privacy_policy=None)

    assert response.status_code == 200
    assert shown(
        "To create an account, please read the privacy policy and tick the box to agree to it."
    ) in page(response)
    assert changed_tables(before, database_rows()) == {}


def test_a_display_name_with_a_phone_number_is_refused(client, community_a):
    before = database_rows()

    response = sign_up(client, community_a, display_name="小李 13912345678")

    assert shown(
        "Your display name is public: leave out phone numbers and email addresses."
    ) in page(response)
    assert changed_tables(before, database_rows()) == {}


def test_mismatched_passwords_are_refused_and_nothing_saved(client, community_a):
    before = database_rows()

    response = sign_up(client, community_a, password2=PASSWORD + "x")

    assert shown("You must type the same password each time.") in page(response)
    assert changed_tables(before, database_rows()) == {}


def test_a_registered_number_gets_no_second_account(client, community_a):
    """Whether a number is registered is not told to whoever types it (enumeration): the
    page goes on as usual, and the number's owner is told by text message instead."""
    owner = UserFactory(phone=PHONE, phone_verified=True)

    response = sign_up(client, community_a, phone="+86 159 1234 5678")

    assert response.status_code == 302
    assert User.objects.count() == 1
    assert owner.privacy_consents.count() == 0
    texts = list(SmsMessage.objects.filter(phone=PHONE))
    assert len(texts) == 1
    assert texts[0].body == said(
        "[Community homeland] Someone tried to sign up with this number, but it already has "
        "an account. To sign in, use your password or ask for a sign-in code. If it was not "
        "you, ignore this message."
    )


def test_a_wrong_code_is_refused_with_a_message(client, community_a):
    sign_up(client, community_a)
    right = code_sent_to(PHONE)
    wrong = "000000" if right != "000000" else "111111"

    response = client.post(VERIFY_PHONE, {"code": wrong}, **host_of(community_a))

    assert response.status_code == 200
    html = page(response)
    assert shown("Incorrect code.") in html
    assert 'aria-invalid="true"' in html
    assert_accessible_basics(html)
    assert not User.objects.get().phone_verified


def test_an_expired_code_is_refused_and_signing_in_sends_a_new_one(client, community_a):
    # The code must run out before the sign-in attempt that carries it, or allauth drops
    # the resident at the login page without a word.
    assert app_settings.PHONE_VERIFICATION_TIMEOUT < app_settings.LOGIN_TIMEOUT, (
        "set ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 5 * 60 in config/settings/base.py"
    )
    sign_up(client, community_a)
    old_code = code_sent_to(PHONE)

    with later(app_settings.PHONE_VERIFICATION_TIMEOUT + 1):
        response = client.post(
            VERIFY_PHONE, {"code": old_code}, follow=True, **host_of(community_a)
        )
        assert response.redirect_chain[-1][0] == LOGIN
        assert shown(
            "The verification code has expired. Sign in with your phone number and password "
            "to receive a new code."
        ) in page(response)
        assert not User.objects.get().phone_verified

        response = client.post(
            LOGIN, {"login": "15912345678", "password": PASSWORD}, **host_of(community_a)
        )
        assert response["Location"] == VERIFY_PHONE
        new_code = code_sent_to(PHONE)
        client.post(VERIFY_PHONE, {"code": new_code}, **host_of(community_a))

    assert User.objects.get().phone_verified


def test_too_many_wrong_codes_end_the_attempt(client, community_a):
    sign_up(client, community_a)
    right = code_sent_to(PHONE)
    wrong = "000000" if right != "000000" else "111111"
    attempts = app_settings.PHONE_VERIFICATION_MAX_ATTEMPTS

    for _ in range(attempts - 1):
        assert client.post(VERIFY_PHONE, {"code": wrong}, **host_of(community_a)).status_code == 200
    response = client.post(VERIFY_PHONE, {"code": wrong}, follow=True, **host_of(community_a))

    assert response.redirect_chain[-1][0] == LOGIN
    assert shown(
        "The code was entered wrongly too many times. Sign in with your phone number and "
        "password to receive a new code."
    ) in page(response)
    # The right code no longer works: the attempt is over.
    response = client.post(VERIFY_PHONE, {"code": right}, **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not User.objects.get().phone_verified


def test_signing_in_again_at_once_asks_to_wait_instead_of_failing(client, community_a):
    """allauth allows one code per number per 30 seconds; the resident is told so."""
    sign_up(client, community_a)
    client.logout()  # a new visit, the first code still fresh

    response = client.post(
        LOGIN, {"login": "15912345678", "password": PASSWORD}, follow=True, **host_of(community_a)
    )

    assert response.status_code == 200
    assert shown(
        "A code was sent to this number less than a minute ago. Wait a minute, then sign in "
        "with your phone number and password to receive a new one."
    ) in page(response)
    assert SmsMessage.objects.filter(phone=PHONE).count() == 1


def test_the_english_sign_up_page_is_under_the_language_prefix(client, community_a):
    """Account pages follow the site's language prefix: /en/accounts/signup/ is English, and
    the language switcher of the Chinese page leads there."""
    chinese = page(client.get(SIGNUP, **host_of(community_a)))
    assert 'href="/en/accounts/signup/"' in chinese
    english = page(client.get("/en" + SIGNUP, **host_of(community_a)))
    assert '<html lang="en"' in english
    with translation.override("en"):
        assert escape(translation.gettext("Display name")) in english
    assert 'action="/en/accounts/signup/"' in english
