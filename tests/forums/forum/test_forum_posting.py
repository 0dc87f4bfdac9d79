"""The forum through HTTP (社区论坛): starting topics, replying, quoting, pages, edits."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from forums.factories import BoardFactory, ReplyFactory, TopicFactory
from forums.models import Reply, Topic, TopicFollow, Visibility
from forums.services.errors import NotAllowed
from forums.services.forum import create_reply, create_topic, edit_reply, edit_topic
from tests.conftest import assert_accessible_basics, changed_tables, database_rows, shown
from tests.forums.forum.conftest import get, html, post, topic_with_replies, url


def test_a_signed_in_user_starts_a_topic_and_reads_it(client, community_a, board_a, poster):
    client.force_login(poster)
    form = get(client, community_a, "topic_create", board_slug=board_a.slug)
    assert form.status_code == 200
    assert_accessible_basics(html(form))

    response = post(
        client,
        community_a,
        "topic_create",
        {"title": "东门路灯坏了", "body": "晚上**很黑**，请物业看看。"},
        board_slug=board_a.slug,
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(community_a, "topic", topic_id=topic.pk)
    assert (topic.community, topic.board, topic.author) == (community_a, board_a, poster)
    assert topic.visibility == Visibility.PUBLISHED
    assert TopicFollow.objects.filter(user=poster, topic=topic).exists()  # follows it

    page = client.get(response["Location"], HTTP_HOST=community_a.hostname)
    body = html(page)
    assert "东门路灯坏了" in body and "<strong>很黑</strong>" in body
    assert shown("Your topic is posted.") in body
    assert_accessible_basics(body)


def test_replying_bumps_the_topic_and_lands_on_the_reply(client, community_a, board_a, poster):
    topic = TopicFactory(board=board_a, created_at=timezone.now() - timedelta(days=2))
    before = topic.last_activity_at
    client.force_login(poster)
    response = post(client, community_a, "reply", {"body": "我也看到了。"}, topic_id=topic.pk)
    reply = Reply.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/forum/topic/{topic.pk}/#reply-{reply.pk}")
    topic.refresh_from_db()
    assert topic.reply_count == 1 and topic.last_activity_at > before
    assert TopicFollow.objects.filter(user=poster, topic=topic).exists()
    body = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert f'id="reply-{reply.pk}"' in body and "我也看到了。" in body


def test_quoting_a_reply_and_the_topic(client, community_a, board_a, poster, neighbour):
    topic = TopicFactory(board=board_a, body="主题正文：停车位不够。")
    earlier = ReplyFactory(topic=topic, author=neighbour, body="引用的回复正文")
    client.force_login(poster)

    form = get(client, community_a, "reply", f"?quote={earlier.pk}", topic_id=topic.pk)
    assert form.status_code == 200
    assert "引用的回复正文" in html(form) and f'value="{earlier.pk}"' in html(form)
    assert_accessible_basics(html(form))
    post(client, community_a, "reply", {"body": "同意楼上", "quote": earlier.pk}, topic_id=topic.pk)
    quoting = Reply.objects.get(body="同意楼上")
    assert quoting.quoted == earlier and not quoting.quotes_topic

    assert "主题正文" in html(get(client, community_a, "reply", "?quote=topic", topic_id=topic.pk))
    post(client, community_a, "reply", {"body": "回主题", "quote": "topic"}, topic_id=topic.pk)
    assert Reply.objects.get(body="回主题").quotes_topic

    # The quote shows above the quoting reply; once the quoted reply is hidden, it says so.
    body = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert body.count("引用的回复正文") == 2  # the reply itself and its quote
    Reply.objects.filter(pk=earlier.pk).update(visibility=Visibility.HIDDEN)
    body = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert "引用的回复正文" not in body
    assert shown("This reply is no longer shown.") in body


def test_a_reply_of_another_topic_cannot_be_quoted(client, community_a, board_a, poster):
    topic, other = TopicFactory(board=board_a), TopicFactory(board=board_a)
    elsewhere = ReplyFactory(topic=other, body="别的帖子里的回复")
    client.force_login(poster)
    form = html(get(client, community_a, "reply", f"?quote={elsewhere.pk}", topic_id=topic.pk))
    assert "别的帖子里的回复" not in form  # no preview of another topic's reply
    before = database_rows()
    response = post(
        client, community_a, "reply", {"body": "串楼", "quote": elsewhere.pk}, topic_id=topic.pk
    )
    assert response.status_code == 400
    assert shown("The reply you quoted is not part of this topic.") in html(response)
    assert 'role="alert"' in html(response) and "串楼" in html(response)  # kept
    assert "别的帖子里的回复" not in html(response)
    assert changed_tables(before, database_rows()) == {}
    with pytest.raises(ValidationError) as invalid:  # the service says so too
        create_reply(poster, topic, "串楼", quoted=elsewhere)
    assert set(invalid.value.message_dict) == {"quoted"}


def test_replies_are_paginated_20_a_page_and_a_reply_link_finds_its_page(
    client, community_a, board_a
):
    topic = topic_with_replies(board_a, 45)
    replies = list(topic.replies.order_by("created_at"))
    first = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert f'id="reply-{replies[19].pk}"' in first and f'id="reply-{replies[20].pk}"' not in first
    third = html(get(client, community_a, "topic", "?page=3", topic_id=topic.pk))
    assert f'id="reply-{replies[40].pk}"' in third and f'id="reply-{replies[44].pk}"' in third
    assert f'id="reply-{replies[39].pk}"' not in third

    link = get(client, community_a, "reply_link", reply_id=replies[25].pk)
    assert link.status_code == 302
    assert link["Location"] == (
        url(community_a, "topic", topic_id=topic.pk) + f"?page=2#reply-{replies[25].pk}"
    )


def test_pinned_topics_come_first_then_the_latest_activity(client, community_a, board_a):
    now = timezone.now()
    old_pinned = TopicFactory(board=board_a, title="置顶旧帖", created_at=now - timedelta(days=9))
    Topic.objects.filter(pk=old_pinned.pk).update(is_pinned=True)
    TopicFactory(board=board_a, title="较早的帖子", created_at=now - timedelta(days=2))
    TopicFactory(board=board_a, title="最新的帖子", created_at=now - timedelta(hours=1))
    for number in range(22):
        TopicFactory(board=board_a, title=f"旧帖{number}", created_at=now - timedelta(days=30))
    body = html(get(client, community_a, "board", board_slug=board_a.slug))
    assert body.index("置顶旧帖") < body.index("最新的帖子") < body.index("较早的帖子")
    assert body.count('<li class="forum-topic') == 20
    assert "旧帖21</a>" in body and "旧帖4</a>" not in body  # the rest is on page 2
    assert 'rel="next"' in body
    assert_accessible_basics(body)


@override_settings(FORUMS_EDIT_MINUTES=30)
def test_the_author_may_edit_within_the_window_only(community_a, board_a, poster, neighbour):
    posted = timezone.now() - timedelta(hours=2)
    topic = create_topic(poster, board_a, "原标题", "原来的正文", now=posted)
    reply = create_reply(poster, topic, "原来的回复", now=posted)

    edited = edit_topic(poster, topic, "新标题", "改过的正文", now=posted + timedelta(minutes=29))
    assert (edited.title, edited.edited_at) == ("新标题", posted + timedelta(minutes=29))
    edit_reply(poster, reply, "改过的回复", now=posted + timedelta(minutes=29))
    assert Reply.objects.get(pk=reply.pk).body == "改过的回复"

    late = posted + timedelta(minutes=31)
    with pytest.raises(NotAllowed) as refused:
        edit_topic(poster, topic, "太晚了", "太晚了", now=late)
    assert refused.value.code == "edit_window"
    with pytest.raises(NotAllowed) as refused:
        edit_reply(poster, reply, "太晚了", now=late)
    assert refused.value.code == "edit_window"
    with pytest.raises(NotAllowed) as refused:
        edit_reply(neighbour, reply, "别人的", now=posted + timedelta(minutes=1))
    assert refused.value.code == "not_author"
    assert Topic.objects.get(pk=topic.pk).title == "新标题"


def test_editing_through_http_and_refused_after_the_window(client, community_a, board_a, poster):
    topic = TopicFactory(board=board_a, author=poster, created_at=timezone.now())
    client.force_login(poster)
    form = get(client, community_a, "topic_edit", topic_id=topic.pk)
    assert form.status_code == 200 and "小区东门" in html(form)
    assert_accessible_basics(html(form))
    response = post(
        client, community_a, "topic_edit", {"title": "改标题", "body": "改正文"}, topic_id=topic.pk
    )
    assert response.status_code == 302
    body = html(client.get(response["Location"], HTTP_HOST=community_a.hostname))
    assert "改标题" in body and 'class="forum-edited"' in body

    later = timezone.now() + timedelta(minutes=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        refused = post(
            client, community_a, "topic_edit", {"title": "晚了", "body": "晚了"}, topic_id=topic.pk
        )
    assert refused.status_code == 403
    assert Topic.objects.get(pk=topic.pk).title == "改标题"


def test_bad_input_is_shown_with_an_error_summary_and_nothing_saved(
    client, community_a, board_a, poster
):
    topic = TopicFactory(board=board_a)
    client.force_login(poster)
    before = database_rows()
    response = post(
        client,
        community_a,
        "topic_create",
        {"title": "", "body": "x" * 10001},
        board_slug=board_a.slug,
    )
    assert response.status_code == 400
    body = html(response)
    assert 'role="alert"' in body and 'href="#id_title"' in body and 'href="#id_body"' in body
    assert 'aria-invalid="true"' in body
    assert_accessible_basics(body)
    empty = post(client, community_a, "reply", {"body": "  "}, topic_id=topic.pk)
    assert empty.status_code == 400
    assert shown("Write something first.") in html(empty)
    assert changed_tables(before, database_rows()) == {}


def test_locked_topics_and_archived_boards_take_nothing_new(client, community_a, board_a, poster):
    locked = TopicFactory(board=board_a, is_locked=True)
    archived = BoardFactory(community=community_a, is_archived=True, slug="old")
    in_archive = TopicFactory(board=archived)
    client.force_login(poster)

    assert (
        post(client, community_a, "reply", {"body": "还能回吗"}, topic_id=locked.pk).status_code
        == 403
    )
    page = html(get(client, community_a, "topic", topic_id=locked.pk))
    assert shown("This topic is locked: no new replies.") in page and 'name="body"' not in page

    new = post(client, community_a, "topic_create", {"title": "t", "body": "b"}, board_slug="old")
    assert new.status_code == 403
    assert (
        post(client, community_a, "reply", {"body": "b"}, topic_id=in_archive.pk).status_code == 403
    )
    assert not Reply.objects.exists() and Topic.objects.count() == 2
    with pytest.raises(NotAllowed):
        create_topic(poster, archived, "t", "b")

    front = html(get(client, community_a, "boards"))
    assert front.index(shown("Archived boards (read only)")) < front.index(archived.name)
    assert_accessible_basics(front)


def test_the_services_name_every_bad_field(community_a, board_a, poster):
    with pytest.raises(ValidationError) as invalid:
        create_topic(poster, board_a, " ", "x" * 10001)
    assert set(invalid.value.message_dict) == {"title", "body"}
    with pytest.raises(ValidationError) as invalid:
        create_topic(poster, board_a, "t" * 121, "正文")
    assert set(invalid.value.message_dict) == {"title"}
    topic = TopicFactory(board=board_a)
    with pytest.raises(ValidationError) as invalid:
        create_reply(poster, topic, "")
    assert set(invalid.value.message_dict) == {"body"}
    assert Topic.objects.count() == 1 and not Reply.objects.exists()
