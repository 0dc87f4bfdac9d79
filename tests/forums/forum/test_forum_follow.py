"""Following a topic (关注) and "new since your last visit" (新帖) per board."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from accounts.factories import UserFactory
from forums.factories import TopicFactory
from forums.models import BannedWord, BoardVisit, Topic, TopicFollow
from forums.services.forum import create_reply, create_topic, follow_topic, mark_board_visited
from notifications.models import Notification
from tests.conftest import (
    assert_accessible_basics,
    changed_tables,
    database_rows,
    said_plural,
    shown,
)
from tests.forums.forum.conftest import get, html, post, url, with_verified_email


def test_followers_hear_of_new_replies_but_not_the_replier(
    community_a, board_a, poster, neighbour, django_capture_on_commit_callbacks
):
    with_verified_email(poster)  # neighbour has no verified email: inbox only
    topic = create_topic(poster, board_a, "电梯维修", "三号楼电梯又坏了")
    follow_topic(neighbour, topic)
    replier = with_verified_email(UserFactory(username="replier"))

    with django_capture_on_commit_callbacks(execute=True):
        reply = create_reply(replier, topic, "物业说明天修好。")

    notes = Notification.objects.filter(kind="forum")
    assert sorted(n.user_id for n in notes) == sorted([poster.pk, neighbour.pk])
    note = notes.get(user=poster)
    assert "电梯维修" in note.title and "物业说明天修好。" in note.body
    assert note.url == url(community_a, "reply_link", reply_id=reply.pk)
    [email] = mail.outbox  # only the verified address; none to the replier
    assert email.to == [poster.email]
    assert f"{community_a.hostname}" in email.body
    assert TopicFollow.objects.filter(user=replier, topic=topic).exists()  # now follows too

    # The link in the message opens the topic page at the reply.
    from django.test import Client

    landing = Client().get(note.url, HTTP_HOST=community_a.hostname)
    assert landing.status_code == 302 and landing["Location"].endswith(f"#reply-{reply.pk}")


def test_a_held_reply_tells_nobody(community_a, board_a, poster, neighbour):
    BannedWord.objects.create(phrase="赌博")
    topic = create_topic(poster, board_a, "周末活动", "一起打球")
    create_reply(neighbour, topic, "来赌博吧")
    assert not Notification.objects.filter(kind="forum").exists()
    assert Topic.objects.get(pk=topic.pk).reply_count == 0


def test_follow_and_unfollow_through_http(client, community_a, board_a, poster):
    topic = TopicFactory(board=board_a)
    client.force_login(poster)
    page = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert shown("Follow this topic") in page
    response = post(client, community_a, "follow", {"action": "follow"}, topic_id=topic.pk)
    assert response.status_code == 302
    assert TopicFollow.objects.filter(user=poster, topic=topic).exists()
    page = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert shown("Stop following") in page
    post(client, community_a, "follow", {"action": "unfollow"}, topic_id=topic.pk)
    assert not TopicFollow.objects.filter(user=poster, topic=topic).exists()
    assert get(client, community_a, "follow", topic_id=topic.pk).status_code == 405
    client.logout()
    signed_out = post(client, community_a, "follow", {"action": "follow"}, topic_id=topic.pk)
    assert signed_out.status_code == 302 and "/accounts/login/" in signed_out["Location"]


def new_since(count: int) -> str:
    visit = "%(count)s new since your last visit"
    return said_plural(visit, visit, count, count=count)


def test_new_since_the_last_visit_per_board(client, community_a, board_a, poster):
    other_board = community_a.boards.exclude(pk=board_a.pk).order_by("sort_order").first()
    long_ago = timezone.now() - timedelta(days=3)
    for number in range(3):
        TopicFactory(board=board_a, title=f"旧帖{number}", created_at=long_ago)
    TopicFactory(board=other_board, created_at=long_ago)
    client.force_login(poster)

    # Never opened: every topic is new to them.
    front = html(get(client, community_a, "boards"))
    assert new_since(3) in front and new_since(1) in front
    assert_accessible_basics(front)

    get(client, community_a, "board", board_slug=board_a.slug)  # the visit, an hour ago
    an_hour_ago, since = timezone.now() - timedelta(hours=1), timezone.now() - timedelta(minutes=30)
    assert BoardVisit.objects.filter(user=poster, board=board_a).update(visited_at=an_hour_ago)
    TopicFactory(board=board_a, title="新帖", created_at=since)
    Topic.objects.filter(title="旧帖0").update(last_activity_at=since)
    front = html(get(client, community_a, "boards"))
    assert new_since(2) in front
    assert said_plural("%(count)s topic", "%(count)s topics", 4, count=4) in front

    board = html(get(client, community_a, "board", board_slug=board_a.slug))
    assert board.count('class="tag forum-tag--new"') == 2  # 新帖 and the revived 旧帖0
    # Seen now: nothing is new on the front page for this board any more.
    assert new_since(2) not in html(get(client, community_a, "boards"))
    client.logout()
    assert "forum-tag--new" not in html(get(client, community_a, "boards"))


def test_mark_board_visited_returns_the_previous_visit(community_a, board_a, poster):
    first = timezone.now() - timedelta(hours=1)
    assert mark_board_visited(poster, board_a, first) is None
    assert mark_board_visited(poster, board_a, timezone.now()) == first
    assert BoardVisit.objects.filter(user=poster, board=board_a).count() == 1


def test_a_failure_while_notifying_saves_nothing(community_a, board_a, poster, neighbour):
    topic = create_topic(poster, board_a, "停水通知", "明天停水")
    before = database_rows()
    with (
        mock.patch("forums.services.forum.replies.notify", side_effect=RuntimeError("down")),
        pytest.raises(RuntimeError),
    ):
        create_reply(neighbour, topic, "几点恢复？")
    assert changed_tables(before, database_rows()) == {}  # no reply, count, follow or message
