"""The inbox over HTTP: sign-in, pages, isolation between users, opening and marking read."""

import re

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify, unread_count
from tests.conftest import assert_accessible_basics, host_of

INBOX = "/notifications/"


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/notifications/\d+/">([^<]+)</a>', html)


def test_the_urls_have_their_names():
    assert reverse("notifications_inbox") == INBOX
    assert reverse("notification_open", args=[7]) == "/notifications/7/"


@pytest.mark.parametrize("path", [INBOX, "/notifications/1/"])
def test_signed_out_visitors_are_sent_to_sign_in(client, community_a, path):
    response = client.get(path, **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_inbox_lists_newest_first_twenty_a_page(client, community_a, resident):
    for number in range(25):
        notify(resident, "residency", f"message {number:02}")
    client.force_login(resident)

    first = client.get(INBOX, **host_of(community_a)).content.decode()
    assert titles(first) == [f"message {n:02}" for n in range(24, 4, -1)]
    assert '<a href="?page=2" rel="next">' in first
    assert_accessible_basics(first)

    second = client.get(INBOX + "?page=2", **host_of(community_a)).content.decode()
    assert titles(second) == [f"message {n:02}" for n in range(4, -1, -1)]
    # A page number past the end shows the last page, never an error.
    assert titles(client.get(INBOX + "?page=99", **host_of(community_a)).content.decode()) == (
        titles(second)
    )


def test_each_user_sees_only_their_own_messages(client, community_a, resident, neighbour):
    notify(resident, "residency", "for the resident")
    notify(neighbour, "residency", "for the neighbour")
    client.force_login(resident)
    html = client.get(INBOX, **host_of(community_a)).content.decode()
    assert titles(html) == ["for the resident"]
    assert "for the neighbour" not in html


def test_unread_messages_are_marked_in_words(client, community_a, resident):
    read = notify(resident, "account", "already read")
    notify(resident, "account", "still unread")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client.force_login(resident)
    html = client.get(INBOX, **host_of(community_a)).content.decode()
    unread_item, read_item = re.findall(r'<li class="notification[^"]*">(.*?)</li>', html, re.S)
    # A word ("Unread"), not only a colour or weight, says which is new.
    state = re.compile(r'<span class="tag notification__state">\w+</span>')
    assert "still unread" in unread_item and state.search(unread_item)
    assert "already read" in read_item and not state.search(read_item)


def test_opening_a_message_marks_it_read_and_follows_its_link(client, community_a, resident):
    message = notify(resident, "residency", "Approved", url="/accounts/me/?from=inbox")
    client.force_login(resident)
    response = client.get(f"/notifications/{message.pk}/", **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/?from=inbox"
    message.refresh_from_db()
    assert message.read_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "javascript:alert(1)",
        "https:///evil.example",
        "http://nanshan-shekou-wanxia.localhost/",  # another community: another site
        "",
    ],
)
def test_links_off_this_site_are_never_followed(client, community_a, resident, url):
    message = notify(resident, "residency", "Approved", url=url)
    client.force_login(resident)
    response = client.get(f"/notifications/{message.pk}/", **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"] == INBOX
    message.refresh_from_db()
    assert message.read_at is not None


def test_a_link_to_this_very_host_is_followed(client, community_a, resident):
    url = f"http://{community_a.hostname}/news/"
    message = notify(resident, "residency", "Approved", url=url)
    client.force_login(resident)
    response = client.get(f"/notifications/{message.pk}/", **host_of(community_a))
    assert response["Location"] == url


def test_another_users_message_is_not_found_and_stays_unread(
    client, community_a, resident, neighbour
):
    theirs = notify(neighbour, "residency", "Approved", url="/accounts/me/")
    client.force_login(resident)
    response = client.get(f"/notifications/{theirs.pk}/", **host_of(community_a))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_as_read_needs_a_post_and_touches_only_mine(
    client, community_a, resident, neighbour
):
    for number in range(3):
        notify(resident, "account", f"mine {number}")
    notify(neighbour, "account", "theirs")
    client.force_login(resident)
    path = reverse("notifications_mark_all_read")

    assert client.get(path, **host_of(community_a)).status_code == 405
    assert unread_count(resident) == 3

    response = client.post(path, **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert unread_count(resident) == 0
    assert unread_count(neighbour) == 1
    html = client.get(INBOX, **host_of(community_a)).content.decode()
    assert 'action="/notifications/read-all/"' not in html  # nothing left to mark
