"""The whole resident path over HTTP: sign up, verify the phone, ask to be verified as a
resident, an editor approves in the admin; and the census path, where the list approves."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from accounts.models import Residency, ResidencyStatus, SmsMessage, User
from accounts.services.eligibility import check_participation
from accounts.services.residency import is_verified_resident, verified_community
from tests.conftest import host_of

PHONE = "13812345678"
E164 = "+8613812345678"


def ui(text: str) -> str:
    """``text`` as the public pages show it (in Chinese: the accounts URLs have no language
    prefix), so the checks hold before and after the catalogue is translated."""
    with translation.override("zh-hans"):
        return escape(gettext(text))


def editor_client(editor) -> Client:
    """The editor's admin, in English (their preference), as a separate browser."""
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(editor)
    return client


def sign_up(client, community, phone: str = PHONE) -> User:
    """Sign up on the community's site and verify the phone with the texted code."""
    host = host_of(community)
    response = client.post(
        reverse("account_signup"),
        {
            "phone": phone,
            "password1": "a-long-Passw0rd!",
            "password2": "a-long-Passw0rd!",
            "display_name": "老王",
            "accept_privacy_policy": "on",
        },
        **host,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("account_verify_phone")
    user = User.objects.get(phone=E164 if phone == PHONE else f"+86{phone}")
    assert not user.phone_verified
    text = SmsMessage.objects.filter(phone=user.phone).latest("created_at").body
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", text).group(1)
    response = client.post(reverse("account_verify_phone"), {"code": code}, **host)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.phone_verified
    return user


def ask_to_join(client, community, **fields) -> None:
    data = {"building": "3栋", "unit": "1203", **fields}
    response = client.post(reverse("residency_request"), data, **host_of(community))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("residency_status")


def upload_census(client, community, text: str):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "census.csv"
    return client.post(
        reverse("residency_requests:census", args=[community.pk]), {"csv_file": upload}
    )


def test_sign_up_verify_request_and_editor_approval(client, community_a, editor_a):
    user = sign_up(client, community_a)
    ask_to_join(client, community_a)
    residency = Residency.objects.get(user=user)
    assert residency.status == ResidencyStatus.PENDING
    assert residency.community == community_a
    page = client.get(reverse("residency_status"), **host_of(community_a))
    assert ui("Waiting for approval") in page.content.decode()

    editor = editor_client(editor_a)
    listing = editor.get(reverse("residency_requests:index")).content.decode()
    assert "老王" in listing
    assert "138****5678" in listing and E164 not in listing and PHONE not in listing
    decide = reverse("residency_requests:edit", args=[residency.pk])
    response = editor.post(decide, {"action": "approve", "reason": "核对无误"})
    assert response.status_code == 302

    assert is_verified_resident(user, community_a)
    assert verified_community(user) == community_a
    page = client.get(reverse("residency_status"), **host_of(community_a)).content.decode()
    assert ui("Verified resident") in page
    assert "核对无误" in page
    assert check_participation(user, community_a, "vote").code == "ok"
    assert user.notifications.filter(kind="residency").exists()


def test_census_import_approves_the_waiting_request(client, community_a, editor_a):
    user = sign_up(client, community_a)
    ask_to_join(client, community_a)
    assert Residency.objects.get(user=user).status == ResidencyStatus.PENDING

    editor = editor_client(editor_a)
    response = upload_census(editor, community_a, f"phone,building,unit\n{PHONE},3栋,1203\n")
    assert response.status_code == 302
    result = editor.get(response["Location"]).content.decode()
    assert "Imported 1 rows" in result and "1 waiting requests were approved" in result

    residency = Residency.objects.get(user=user)
    assert residency.status == ResidencyStatus.APPROVED
    assert residency.approved_by_census
    assert is_verified_resident(user, community_a)


def test_a_resident_on_the_census_list_is_approved_at_once(client, community_a, editor_a):
    editor = editor_client(editor_a)
    assert (
        upload_census(editor, community_a, f"手机号,楼栋,单元/房号\n{PHONE},3栋,1203\n").status_code
        == 302
    )

    user = sign_up(client, community_a)
    ask_to_join(client, community_a)
    residency = Residency.objects.get(user=user)
    assert residency.status == ResidencyStatus.APPROVED
    assert residency.approved_by_census
    page = client.get(reverse("residency_status"), **host_of(community_a)).content.decode()
    assert ui("Verified resident") in page


@pytest.mark.parametrize("path", ["residency_status", "residency_request"])
def test_residency_pages_send_visitors_to_sign_in(client, community_a, path):
    response = client.get(reverse(path), **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse(path)}"
