"""Mobile numbers (手机号码): normalised to E.164, mainland mobiles only, texted through the
pluggable SMS backend, and never shown in full to anyone but their owner."""

import logging

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.adapter import AccountAdapter
from accounts.factories import UserFactory
from accounts.models import SmsMessage, User
from accounts.phone import normalise_phone
from accounts.sms import send_sms
from tests.accounts.test_signup import (
    PASSWORD,
    PHONE,
    VERIFY_PHONE,
    code_sent_to,
    page,
    shown,
    sign_up,
)
from tests.conftest import host_of

FULL_FORMS = ("15912345678", "+8615912345678", "159 1234 5678", "159-1234-5678")


@pytest.mark.parametrize(
    "typed",
    [
        "15912345678",
        "159 1234 5678",
        "159-1234-5678",
        " +86 159 1234 5678 ",
        "+86-159-1234-5678",
        "008615912345678",
        "8615912345678",
        "(+86) 159 1234 5678",
        "１５９１２３４５６７８",  # full-width digits from a Chinese input method
    ],
)
def test_the_usual_ways_of_typing_a_mobile_number_give_e164(typed):
    assert normalise_phone(typed) == PHONE


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "invalid_phone"),
        ("12345", "invalid_phone"),
        ("1381234567", "invalid_phone"),  # one digit short
        ("abcdefghijk", "invalid_phone"),
        ("138ABCD5678", "invalid_phone"),  # letters are not keypad digits here
        ("+86 159 1234 5678 ext 1", "invalid_phone"),
        ("+1 202 555 0143", "foreign_phone"),
        ("+852 9123 4567", "foreign_phone"),
        ("00852 9123 4567", "foreign_phone"),
        ("0755-86001234", "not_mobile"),  # a Shenzhen landline
        ("400 123 4567", "not_mobile"),  # a service number
    ],
)
def test_anything_but_a_mainland_mobile_number_is_refused(typed, code):
    with pytest.raises(ValidationError) as raised:
        normalise_phone(typed)

    assert raised.value.code == code


def test_the_database_backend_keeps_the_text_and_logs_the_number_masked(db, caplog):
    with caplog.at_level(logging.INFO, logger="jiayuan.sms"):
        send_sms(PHONE, "你好")

    assert list(SmsMessage.objects.values_list("phone", "body")) == [(PHONE, "你好")]
    assert "159****5678" in caplog.text
    assert "12345678" not in caplog.text


class RecordingBackend:
    sent: list = []

    def send(self, phone: str, body: str) -> None:
        self.sent.append((phone, body))


def test_the_sms_backend_is_chosen_by_a_setting(db, settings):
    settings.SMS_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.sent.clear()

    send_sms(PHONE, "hello")

    assert RecordingBackend.sent == [(PHONE, "hello")]
    assert not SmsMessage.objects.exists()


def test_the_adapter_finds_a_user_by_the_number_however_typed(db):
    owner = UserFactory(phone=PHONE)
    adapter = AccountAdapter()

    assert adapter.get_user_by_phone("159 1234 5678") == owner
    assert adapter.get_user_by_phone("+86 159-1234-5678") == owner
    assert adapter.get_user_by_phone("13912345678") is None
    assert adapter.get_user_by_phone("not a number") is None


def test_codes_are_six_digits(db):
    adapter = AccountAdapter()
    codes = {
        adapter.generate_phone_verification_code(user=User(), phone=PHONE),
        adapter.generate_login_code(),
        adapter.generate_password_reset_code(),
    }

    assert all(code.isdigit() and len(code) == 6 for code in codes)


def test_the_sign_up_flow_never_shows_the_full_number(client, community_a):
    """The number the resident typed is masked on every page and message that follows."""
    responses = [sign_up(client, community_a, phone="159 1234 5678")]
    responses.append(client.get(VERIFY_PHONE, **host_of(community_a)))
    responses.append(
        client.post(
            VERIFY_PHONE, {"code": code_sent_to(PHONE)}, follow=True, **host_of(community_a)
        )
    )

    assert User.objects.get().phone_verified
    for response in responses:
        html = page(response)
        for form in FULL_FORMS:
            assert form not in html, (response.request["PATH_INFO"], form)


def test_only_the_owner_sees_their_full_number(client, community_a):
    sign_up(client, community_a)
    client.post(VERIFY_PHONE, {"code": code_sent_to(PHONE)}, **host_of(community_a))
    owner_page = page(client.get(reverse("account_change_phone"), **host_of(community_a)))
    client.logout()
    client.force_login(UserFactory(phone="+8613987654321", phone_verified=True))

    other_page = page(client.get(reverse("account_change_phone"), **host_of(community_a)))

    assert PHONE in owner_page
    assert "+8613987654321" in other_page
    assert all(form not in other_page for form in FULL_FORMS)


def test_changing_the_number_needs_a_code_sent_to_the_new_one(client, community_a):
    sign_up(client, community_a)
    client.post(VERIFY_PHONE, {"code": code_sent_to(PHONE)}, **host_of(community_a))
    new_phone = "+8613712345678"

    response = client.post(
        reverse("account_change_phone"), {"phone": "137 1234 5678"}, **host_of(community_a)
    )
    assert response["Location"] == VERIFY_PHONE
    verify_page = page(client.get(VERIFY_PHONE, **host_of(community_a)))
    assert "137****5678" in verify_page
    client.post(VERIFY_PHONE, {"code": code_sent_to(new_phone)}, **host_of(community_a))

    user = User.objects.get()
    assert (user.phone, user.phone_verified) == (new_phone, True)
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "13712345678", "password": PASSWORD},
        **host_of(community_a),
    )
    assert response.status_code == 302


def test_a_number_already_taken_cannot_be_changed_to(client, community_a):
    other = UserFactory(phone="+8613712345678", phone_verified=True)
    sign_up(client, community_a)
    client.post(VERIFY_PHONE, {"code": code_sent_to(PHONE)}, **host_of(community_a))

    response = client.post(
        reverse("account_change_phone"), {"phone": "13712345678"}, **host_of(community_a)
    )
    assert response["Location"] == VERIFY_PHONE
    response = client.post(VERIFY_PHONE, {"code": "123456"}, **host_of(community_a))

    assert response.status_code == 200
    assert shown("Incorrect code.") in page(response)
    assert not SmsMessage.objects.filter(phone=other.phone).exists()  # its owner is not bothered
    assert User.objects.get(pk=other.pk).phone == other.phone
    assert User.objects.get(phone=PHONE).phone_verified
