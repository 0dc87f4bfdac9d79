"""The moderation screens of the admin: the queue, an item's decisions, posting bans, the menu
— each for the moderator's own communities only."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.factories import UserFactory
from forums.admin.menu import moderation_menu_item
from forums.factories import TopicFactory
from forums.models import PostingBan, Topic, Visibility
from forums.services.moderation import ban_user, visibility_of
from governance.factories import dispatcher
from governance.models import Event
from tests.conftest import english_admin_client as client_for
from tests.forums.moderation.conftest import another_board, first_board, report_by

NS = "forums_moderation"


def url(name: str, *args) -> str:
    return reverse(f"{NS}:{name}", args=args)


def en(text: str) -> str:
    with translation.override("en"):
        return escape(text)


@pytest.fixture
def flagged_a(topic_a):
    report_by(topic_a, 3)
    topic_a.refresh_from_db()
    return topic_a


@pytest.fixture
def flagged_b(topic_b):
    report_by(topic_b, 3, start=20)
    topic_b.refresh_from_db()
    return topic_b


# --- the queue ---------------------------------------------------------------------------


def test_the_queue_shows_only_the_moderators_community(moderator_a, flagged_a, flagged_b):
    response = client_for(moderator_a).get(url("queue"))

    assert response.status_code == 200
    html = response.content.decode()
    assert flagged_a.title in html and url("item", "topic", flagged_a.pk) in html
    assert f"{flagged_a.community.hostname}/forum/topic/{flagged_a.pk}/" in html  # public page
    assert flagged_b.title not in html


def test_an_item_held_for_a_banned_word_waits_for_approval(moderator_a, community_a):
    held = TopicFactory(
        board=first_board(community_a), title="加微信领红包", visibility=Visibility.HELD
    )
    client = client_for(moderator_a)
    assert held.title in client.get(url("queue")).content.decode()
    page = client.get(url("item", "topic", held.pk)).content.decode()
    assert en("Approve and publish") in page

    assert client.post(url("item", "topic", held.pk), {"action": "publish"}).status_code == 302
    held.refresh_from_db()
    assert held.visibility == Visibility.PUBLISHED


def test_the_queue_shows_reasons_counts_and_every_kind(
    moderator_a, flagged_a, reply_a, post_a, comment_a
):
    report_by(reply_a, 1, start=30)
    report_by(post_a, 1, start=40)
    report_by(comment_a, 3, start=50)

    html = client_for(moderator_a).get(url("queue")).content.decode()

    for kind, item in (("reply", reply_a), ("post", post_a), ("comment", comment_a)):
        assert url("item", kind, item.pk) in html
    assert en("Advertising or spam") in html
    comments_only = client_for(moderator_a).get(url("queue"), {"kind": "comment"})
    assert url("item", "comment", comment_a.pk) in comments_only.content.decode()
    assert url("item", "topic", flagged_a.pk) not in comments_only.content.decode()


def test_a_city_administrator_sees_every_community(city_admin, flagged_a, flagged_b):
    html = client_for(city_admin).get(url("queue")).content.decode()

    assert flagged_a.title in html and flagged_b.title in html


def test_staff_without_a_forum_role_are_refused(community_a, flagged_a):
    someone = dispatcher(community_a)  # has admin access, moderates nothing

    client = client_for(someone)
    assert client.get(url("queue")).status_code == 403
    assert client.get(url("bans")).status_code == 403
    assert client.get(url("item", "topic", flagged_a.pk)).status_code == 404


def test_a_resident_never_reaches_the_queue(flagged_a):
    response = client_for(UserFactory()).get(url("queue"))

    assert response.status_code in (302, 403)
    assert flagged_a.title not in response.content.decode()


def test_the_menu_shows_each_entry_to_whom_it_serves(moderator_a, editor_a, city_admin):
    def entries(user) -> set[str]:
        request = RequestFactory().get("/admin/")
        request.user = user
        menu = moderation_menu_item()
        if not menu.is_shown(request):
            return set()
        return {item.name for item in menu.menu.menu_items_for_request(request)}

    assert entries(UserFactory()) == set()
    assert entries(moderator_a) == {"moderation-queue", "posting-bans"}
    assert entries(editor_a) == {"moderation-queue", "posting-bans", "forum-boards"}
    assert "banned-words" in entries(city_admin)


# --- an item and its decisions -----------------------------------------------------------


def test_another_communitys_item_is_not_found(moderator_a, flagged_b, comment_a, moderator_b):
    client = client_for(moderator_a)

    assert client.get(url("item", "topic", flagged_b.pk)).status_code == 404
    response = client.post(url("item", "topic", flagged_b.pk), {"action": "publish"})
    assert response.status_code == 404
    flagged_b.refresh_from_db()
    assert flagged_b.visibility == Visibility.FLAGGED
    other = client_for(moderator_b)
    assert other.get(url("item", "comment", comment_a.pk)).status_code == 404
    assert client.get(url("item", "nonsense", 1)).status_code == 404


def test_a_moderator_publishes_a_flagged_topic(moderator_a, flagged_a):
    client = client_for(moderator_a)
    page = client.get(url("item", "topic", flagged_a.pk))
    assert page.status_code == 200
    assert en("Publish again: the reports are unfounded") in page.content.decode()

    response = client.post(url("item", "topic", flagged_a.pk), {"action": "publish"})

    assert response.status_code == 302
    flagged_a.refresh_from_db()
    assert flagged_a.visibility == Visibility.PUBLISHED and flagged_a.flag_count == 0
    assert flagged_a.title not in client.get(url("queue")).content.decode()


def test_hiding_needs_a_reason(moderator_a, reply_a):
    client = client_for(moderator_a)
    target = url("item", "reply", reply_a.pk)

    refused = client.post(target, {"action": "hide", "hide-reason": ""})
    assert refused.status_code == 400
    assert en("Give a reason: the author reads it.") in refused.content.decode()
    reply_a.refresh_from_db()
    assert reply_a.visibility == Visibility.PUBLISHED

    assert client.post(target, {"action": "hide", "hide-reason": "广告"}).status_code == 302
    reply_a.refresh_from_db()
    assert (reply_a.visibility, reply_a.moderation_note) == (Visibility.HIDDEN, "广告")


def test_a_comment_is_hidden_from_the_admin(moderator_a, comment_a):
    response = client_for(moderator_a).post(
        url("item", "comment", comment_a.pk), {"action": "hide", "hide-reason": "广告"}
    )

    assert response.status_code == 302
    comment_a.refresh_from_db()
    assert visibility_of(comment_a) == Visibility.HIDDEN


def test_lock_pin_and_move_a_topic(moderator_a, topic_a, community_a):
    client = client_for(moderator_a)
    target = url("item", "topic", topic_a.pk)
    board = another_board(community_a, slug="elevators", name="加装电梯")

    assert client.post(target, {"action": "lock"}).status_code == 302
    assert client.post(target, {"action": "pin"}).status_code == 302
    assert client.post(target, {"action": "move", "move-board": board.pk}).status_code == 302

    topic_a.refresh_from_db()
    assert topic_a.is_locked and topic_a.is_pinned and topic_a.board == board
    assert client.post(target, {"action": "unlock"}).status_code == 302
    topic_a.refresh_from_db()
    assert not topic_a.is_locked


def test_a_topic_cannot_be_moved_to_another_communitys_board(moderator_a, topic_a, topic_b):
    before = topic_a.board_id

    response = client_for(moderator_a).post(
        url("item", "topic", topic_a.pk), {"action": "move", "move-board": topic_b.board_id}
    )

    assert response.status_code == 400
    assert Topic.objects.get(pk=topic_a.pk).board_id == before


def test_topic_actions_do_not_apply_to_a_reply(moderator_a, reply_a):
    response = client_for(moderator_a).post(url("item", "reply", reply_a.pk), {"action": "lock"})

    assert response.status_code == 400


def test_escalate_from_the_admin_and_not_twice(moderator_a, topic_a, category):
    client = client_for(moderator_a)
    target = url("item", "topic", topic_a.pk)
    assert en("Turn into an event (转为事件)") in client.get(target).content.decode()

    response = client.post(target, {"action": "escalate", "escalate-category": category.pk})

    assert response.status_code == 302
    topic_a.refresh_from_db()
    event = Event.objects.get()
    assert topic_a.event == event and event.category == category
    again = client.post(target, {"action": "escalate", "escalate-category": category.pk})
    assert again.status_code == 400 and event.reference in again.content.decode()
    assert Event.objects.count() == 1


def test_escalate_needs_a_category(moderator_a, topic_a):
    response = client_for(moderator_a).post(
        url("item", "topic", topic_a.pk), {"action": "escalate", "escalate-category": ""}
    )

    assert response.status_code == 400
    assert not Event.objects.exists()


def test_ban_the_author_from_an_item(moderator_a, topic_a, author, community_a):
    client = client_for(moderator_a)
    target = url("item", "topic", topic_a.pk)

    refused = client.post(target, {"action": "ban", "ban-days": "7", "ban-reason": ""})
    assert refused.status_code == 400
    assert en("Give the reason for the ban: the user reads it.") in refused.content.decode()
    assert not PostingBan.objects.exists()

    response = client.post(target, {"action": "ban", "ban-days": "7", "ban-reason": "广告"})

    assert response.status_code == 302
    ban = PostingBan.objects.get()
    assert (ban.user, ban.community, ban.reason) == (author, community_a, "广告")


# --- posting bans ------------------------------------------------------------------------


def test_the_bans_list_and_lifting_stay_in_the_community(
    moderator_a, moderator_b, community_a, community_b
):
    in_a = ban_user(moderator_a, community_a, UserFactory(display_name="甲"), days=3, reason="广告")
    in_b = ban_user(moderator_b, community_b, UserFactory(display_name="乙"), days=3, reason="辱骂")
    client = client_for(moderator_a)

    html = client.get(url("bans")).content.decode()
    assert url("lift_ban", in_a.pk) in html and url("lift_ban", in_b.pk) not in html
    assert client.get(url("lift_ban", in_b.pk)).status_code == 404
    assert client.post(url("lift_ban", in_b.pk)).status_code == 404

    assert client.get(url("lift_ban", in_a.pk)).status_code == 200
    assert client.post(url("lift_ban", in_a.pk)).status_code == 302
    in_a.refresh_from_db()
    in_b.refresh_from_db()
    assert in_a.lifted_by == moderator_a and in_b.lifted_at is None


def test_moderation_actions_show_in_the_site_history(superuser, moderator_a, topic_a):
    client_for(moderator_a).post(url("item", "topic", topic_a.pk), {"action": "lock"})

    response = client_for(superuser).get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == 200
    assert en("Lock topic") in response.content.decode()
