"""My account (我的账户): overview, profile, notification settings and the header's link."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from accounts import account_sections
from accounts.account_sections import SectionItem, register_provider
from accounts.factories import UserFactory
from accounts.models import Residency, ResidencyStatus
from notifications.models import NotificationPreference
from notifications.services import notify
from tests.conftest import (
    assert_accessible_basics,
    changed_tables,
    database_rows,
    host_of,
    said_plural,
    shown,
)
from themes.registry import THEMES
from themes.services import change_theme

VALID_ID = "44030519900101123X"
# Pages outside Wagtail's tree take the browser's language: English, for the texts asserted.
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PAGES = ["/accounts/me/", "/accounts/me/profile/", "/accounts/me/notifications/"]


@pytest.fixture
def resident(db):
    return UserFactory(username="resident", display_name="小王", phone="+8613812345678")


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return client


def test_the_urls_have_their_names():
    assert [reverse(n) for n in ("my_account", "my_profile", "notification_settings")] == PAGES


@pytest.mark.parametrize("path", PAGES)
def test_every_page_needs_a_signed_in_user(client, community_a, path):
    response = client.get(path, **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_themed_and_accessible(signed_in, community_a, path):
    change_theme(community_a, "ink")
    response = signed_in.get(path, **host_of(community_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "theme-ink " in html
    assert_accessible_basics(html)


def test_the_overview_shows_the_owner_their_details_and_empty_lists(
    signed_in, community_a, resident
):
    notify(resident, "residency", "one")
    notify(resident, "residency", "two")
    html = signed_in.get("/accounts/me/", **host_of(community_a), **EN).content.decode()
    assert "小王" in html
    assert "+8613812345678" in html  # the owner sees their own number in full
    assert (
        escape(
            said_plural(
                "You have %(counter)s unread message.",
                "You have %(counter)s unread messages.",
                2,
                counter=2,
            )
        )
        in html
    )
    assert 'href="/notifications/"' in html
    for code in ("posts", "complaints", "votes"):
        assert f'id="account-{code}"' in html
    assert shown("You have not posted anything yet.") in html
    assert shown("You have not voted in any poll yet.") in html
    assert f'href="{reverse("my_profile")}"' in html
    assert 'href="/accounts/phone/change/"' in html and 'href="/accounts/email/"' in html


def test_the_overview_sums_up_the_residency(signed_in, community_a, community_b, resident):
    Residency.objects.create(
        user=resident,
        community=community_a,
        building="3栋",
        unit="501",
        status=ResidencyStatus.APPROVED,
    )
    Residency.objects.create(
        user=resident,
        community=community_b,
        building="1栋",
        unit="101",
        status=ResidencyStatus.REJECTED,
        decision_reason="不在名单上",
    )
    html = signed_in.get("/accounts/me/", **host_of(community_a)).content.decode()
    section = html[html.index('id="account-residency"') : html.index('id="account-messages"')]
    assert community_a.name in section
    assert community_b.name in section and "不在名单上" in section
    assert "3栋" not in html and "501" not in section  # the dwelling is not repeated here


def test_a_later_app_fills_a_section_with_a_provider(signed_in, community_a, monkeypatch):
    monkeypatch.setattr(account_sections, "_PROVIDERS", {})
    register_provider(
        "posts", lambda request: [SectionItem("电梯坏了", "/forum/1/", status="Answered")]
    )
    html = signed_in.get("/accounts/me/", **host_of(community_a), **EN).content.decode()
    assert '<a href="/forum/1/">电梯坏了</a>' in html
    assert "You have not posted anything yet." not in html
    with pytest.raises(ValueError):
        register_provider("no-such-section", lambda request: [])


def test_the_profile_saves_good_input_stripped(signed_in, community_a, resident):
    response = signed_in.post(
        "/accounts/me/profile/",
        {
            "display_name": "  花果山 老王  ",
            "real_name": " 王小明 ",
            "id_number": " 44030519900101123x ",  # lower-case x is fine
            "address": " 花果山路 1 号 ",
        },
        **host_of(community_a),
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.display_name, resident.real_name, resident.id_number, resident.address) == (
        "花果山 老王",
        "王小明",
        VALID_ID,
        "花果山路 1 号",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "王"),  # too short
        ("display_name", "   "),
        ("display_name", "小王13812345678"),
        ("display_name", "小王 138-1234-5678"),
        ("display_name", "小王１３８１２３４５６７８"),  # full-width digits
        ("display_name", "加我 wang@example.com"),
        ("display_name", "看 www.example.cn"),
        ("display_name", "https://x.example"),
        ("real_name", "王"),
        ("real_name", "王小明1"),
        ("id_number", "440305199001011234"),  # wrong check digit
        ("id_number", "12345"),
    ],
)
def test_bad_profile_input_is_explained_and_nothing_is_saved(
    signed_in, community_a, resident, field, value
):
    good = {"display_name": "老王", "real_name": "王小明", "id_number": VALID_ID, "address": "1号"}
    before = database_rows()
    response = signed_in.post(
        "/accounts/me/profile/", {**good, field: value}, **host_of(community_a)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert changed_tables(before, database_rows()) == {}
    assert_accessible_basics(html)


def test_profile_explains_private_fields_and_links_to_allauth_for_phone_and_email(
    signed_in, community_a
):
    html = signed_in.get("/accounts/me/profile/", **host_of(community_a), **EN).content.decode()
    assert (
        'id="private-note"' in html
        and shown(
            "These details are never shown on public pages. Only you, and staff whose role needs "
            "them (for example to verify your residency), can see them; each time staff look at "
            "them it is recorded."
        )
        in html
    )
    assert 'name="phone"' not in html and 'name="email"' not in html
    assert 'href="/accounts/phone/change/"' in html and 'href="/accounts/email/"' in html


def test_notification_settings_list_every_kind_and_are_saved(signed_in, community_a, resident):
    html = signed_in.get("/accounts/me/notifications/", **host_of(community_a)).content.decode()
    for code in ("residency", "account"):
        assert f'name="in_site__{code}"' in html and f'name="email__{code}"' in html
    assert 'href="/accounts/email/"' in html  # no verified address yet: how to add one

    response = signed_in.post(
        "/accounts/me/notifications/",
        {"in_site__residency": "on", "email__account": "on"},
        **host_of(community_a),
    )
    assert response.status_code == 302
    saved = {
        p.kind: (p.in_site, p.email) for p in NotificationPreference.objects.filter(user=resident)
    }
    # Every other registered kind (governance's, …) was left unticked: off.
    assert saved.pop("residency") == (True, False)
    assert saved.pop("account") == (False, True)
    assert all(value == (False, False) for value in saved.values())

    # Everything off is a choice too.
    signed_in.post("/accounts/me/notifications/", {}, **host_of(community_a))
    assert not NotificationPreference.objects.filter(user=resident, in_site=True).exists()
    html = signed_in.get("/accounts/me/notifications/", **host_of(community_a)).content.decode()
    assert " checked" not in html


# The header's account link.


def account_link(html: str) -> str:
    return re.search(r'<nav class="account-link".*?</nav>', html, re.S).group(0)


def test_signed_out_visitors_get_sign_in_and_sign_up_back_to_this_page(client, community_a):
    html = client.get("/news/?category=notice", **host_of(community_a)).content.decode()
    link = account_link(html)
    assert 'href="/accounts/login/?next=/news/%3Fcategory%3Dnotice"' in link
    assert 'href="/accounts/signup/?next=/news/%3Fcategory%3Dnotice"' in link
    assert "/accounts/me/" not in link


def test_signed_in_users_get_my_account_with_the_unread_count_in_words(
    signed_in, community_a, resident
):
    assert "account-link__badge" not in account_link(
        signed_in.get("/", **host_of(community_a)).content.decode()
    )
    for number in range(3):
        notify(resident, "residency", f"message {number}")
    link = account_link(signed_in.get("/", **host_of(community_a)).content.decode())
    assert 'href="/accounts/me/"' in link and "/accounts/login/" not in link
    assert '<span class="account-link__badge" aria-hidden="true">3</span>' in link
    assert re.search(r'<span class="account-link__hidden">[^<]*3[^<]*</span>', link)


@pytest.mark.parametrize("theme", THEMES, ids=list(THEMES))
def test_every_theme_shows_the_account_link_once(client, community_a, theme):
    change_theme(community_a, theme)
    html = client.get("/", **host_of(community_a)).content.decode()
    assert html.count('<nav class="account-link"') == 1
    header = html[html.index("<header") : html.index("</header>")]
    assert "account-link" in header


def test_the_account_link_costs_no_query_signed_out_and_one_signed_in(
    community_a, resident, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    # Only the include, without the page's context processors (site, theme, settings).
    include = Template('{% include "themes/includes/account_link.html" %}')
    request = RequestFactory().get("/", HTTP_HOST=community_a.hostname)
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        include.render(Context({"user": request.user, "request": request}))
    request.user = resident
    with django_assert_num_queries(1):
        html = include.render(Context({"user": request.user, "request": request}))
        include.render(Context({"user": request.user, "request": request}))  # once a request
    assert 'href="/accounts/me/"' in html


def test_a_signed_in_page_costs_only_the_session_the_user_and_the_count_more(
    client, community_a, resident, django_assert_num_queries
):
    from tests.conftest import assert_page_queries

    notify(resident, "residency", "message")
    # The pinned anonymous count (tests/communities/test_query_counts.py) is unchanged...
    assert_page_queries(
        client, django_assert_num_queries, "/", 12, "anonymous", **host_of(community_a)
    )
    client.force_login(resident)
    # ...and signing in adds the session, the user and the unread count: 12 + 3.
    body = assert_page_queries(
        client, django_assert_num_queries, "/", 15, "signed in", **host_of(community_a)
    )
    assert '<span class="account-link__badge" aria-hidden="true">1</span>' in body
