"""CommunitySettings (社区信息): what editors may save as the public contact phone."""

import pytest
from django.core.exceptions import ValidationError

from communities.models import CommunitySettings
from communities.validators import validate_public_phone

PORTAL = {"HTTP_HOST": "localhost"}

VALID = [
    "0755-86001234",  # Shenzhen landline with its area code
    "0755 8600 1234",
    "(0755)86001234",
    "020-12345678",  # Guangzhou
    "13800138000",  # mobile
    "+86 138 0013 8000",
    "400-800-8888",  # national service line
    "12345",  # the citizens' hotline
    "110",
    "12315",
    "95598",
]
INVALID = [
    "abc",
    "电话",
    "00000",  # five digits, but no service number
    "999",  # Hong Kong's emergency number, not the mainland's
    "0755-8600123",  # one digit short
    "1380013800",  # one digit short
    "12345abc",
    "13800138000 / 0755-86001234",  # two numbers in one field
    "<script>",
    "1" * 40,
]


def settings_url(community) -> str:
    return f"/admin/settings/communities/communitysettings/{community.site_id}/"


def form_data(**overrides) -> dict:
    data = {
        "contact_phone": "",
        "address": "",
        "opening_hours": "",
        "wechat_account": "",
        "who_may_post": "signed_in",
        "who_may_vote": "residents",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("number", VALID)
def test_dialable_numbers_are_valid(number):
    validate_public_phone(number)


@pytest.mark.parametrize("number", INVALID)
def test_garbage_is_invalid_with_a_clear_message(number):
    with pytest.raises(ValidationError) as raised:
        validate_public_phone(number)
    assert "0755-86001234" in raised.value.messages[0]


def test_a_foreign_number_is_refused_for_a_mainland_community():
    with pytest.raises(ValidationError) as raised:
        validate_public_phone("+1 650 253 0000")
    assert raised.value.code == "foreign_phone"


def test_editor_saves_a_valid_phone_in_the_admin(client, editor_a, community_a):
    client.force_login(editor_a)
    for number in ("0755-86001234", "12345", "13800138000", ""):
        response = client.post(settings_url(community_a), form_data(contact_phone=number), **PORTAL)
        assert response.status_code == 302, number
        assert CommunitySettings.for_site(community_a.site).contact_phone == number


def test_editor_sees_a_chinese_message_and_nothing_is_saved(client, editor_a, community_a):
    CommunitySettings.objects.filter(site=community_a.site).update(
        contact_phone="0755-86001234", address="旧地址"
    )
    client.force_login(editor_a)
    for number in ("abc", "00000", "0755-8600123", "+1 650 253 0000"):
        response = client.post(
            settings_url(community_a),
            form_data(contact_phone=number, address="新地址"),
            **PORTAL,
        )
        assert response.status_code == 200, number
        body = response.content.decode()
        assert "请输入" in body and "0755-86001234" in body, number
        saved = CommunitySettings.for_site(community_a.site)
        assert (saved.contact_phone, saved.address) == ("0755-86001234", "旧地址"), number


def test_the_public_site_shows_the_saved_phone_as_a_dialable_link(client, editor_a, community_a):
    client.force_login(editor_a)
    client.post(settings_url(community_a), form_data(contact_phone="0755-86001234"), **PORTAL)
    client.logout()
    body = client.get("/", HTTP_HOST=community_a.hostname).content.decode()
    assert '<a href="tel:075586001234">0755-86001234</a>' in body


def test_wechat_account_refuses_markup(community_a):
    settings = CommunitySettings.for_site(community_a.site)
    settings.wechat_account = '<a href="x">花果山</a>'
    with pytest.raises(ValidationError) as raised:
        settings.full_clean()
    assert "wechat_account" in raised.value.message_dict


def test_editor_sets_who_may_post_and_vote_and_a_bad_choice_is_refused(
    client, editor_a, community_a
):
    client.force_login(editor_a)
    response = client.post(
        settings_url(community_a),
        form_data(who_may_post="residents", who_may_vote="anyone"),
        **PORTAL,
    )
    assert response.status_code == 200  # the form again, with the error
    saved = CommunitySettings.for_site(community_a.site)
    assert (saved.who_may_post, saved.who_may_vote) == ("signed_in", "residents")

    response = client.post(
        settings_url(community_a),
        form_data(who_may_post="residents", who_may_vote="signed_in"),
        **PORTAL,
    )
    assert response.status_code == 302
    saved = CommunitySettings.for_site(community_a.site)
    assert (saved.who_may_post, saved.who_may_vote) == ("residents", "signed_in")
