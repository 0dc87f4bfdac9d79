"""What a topic page shows: an escalated topic's event, the author's own held items, the
quote form for a reply that is gone, editing a reply, and refusals that never 500."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from forums.factories import ReplyFactory, TopicFactory
from forums.models import Reply, Topic, Visibility
from forums.services.forum import create_reply
from governance.factories import make_event
from tests.conftest import assert_accessible_basics, shown
from tests.forums.forum.conftest import get, html, post, url


def test_an_escalated_topic_shows_its_event(client, community_a, board_a, poster):
    event = make_event(community_a, title="楼道堆放杂物")
    topic = TopicFactory(board=board_a, title="楼道里全是纸箱")
    Topic.objects.filter(pk=topic.pk).update(event=event)
    body = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert shown("This topic was turned into a governance event.") in body
    assert f'href="{reverse("governance:event_detail", args=[event.reference])}"' in body
    assert "event-status--" in body and 'class="event-progress"' in body
    assert_accessible_basics(body)
    board = html(get(client, community_a, "board", board_slug=board_a.slug))
    assert shown("Turned into an event") in board


def test_the_author_sees_their_hidden_items_with_the_reason(client, community_a, board_a, poster):
    topic = TopicFactory(
        board=board_a,
        author=poster,
        visibility=Visibility.HIDDEN,
        moderation_note="涉及他人隐私",
    )
    client.force_login(poster)
    body = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert shown("Only you can see this.") in body and "涉及他人隐私" in body
    assert shown("Replies open once the topic is published.") in body
    assert 'name="body"' not in body
    assert post(client, community_a, "reply", {"body": "x"}, topic_id=topic.pk).status_code == 403
    assert_accessible_basics(body)


def test_quoting_a_reply_that_is_gone(client, community_a, board_a, poster, neighbour):
    topic = TopicFactory(board=board_a)
    gone = ReplyFactory(
        topic=topic, author=neighbour, body="已被隐藏的话", visibility=Visibility.HIDDEN
    )
    client.force_login(poster)
    form = html(get(client, community_a, "reply", f"?quote={gone.pk}", topic_id=topic.pk))
    assert "已被隐藏的话" not in form and shown("This reply is no longer shown.") in form
    response = post(
        client, community_a, "reply", {"body": "引用", "quote": gone.pk}, topic_id=topic.pk
    )
    assert response.status_code == 400 and not Reply.objects.filter(body="引用").exists()
    missing = post(
        client, community_a, "reply", {"body": "引用", "quote": 99999}, topic_id=topic.pk
    )
    assert missing.status_code == 400
    assert shown("The reply you quoted is not part of this topic.") in html(missing)


def test_editing_a_reply_through_http(client, community_a, board_a, poster, neighbour):
    topic = TopicFactory(board=board_a)
    reply = create_reply(poster, topic, "第一版")
    client.force_login(neighbour)
    assert get(client, community_a, "reply_edit", reply_id=reply.pk).status_code == 403
    client.force_login(poster)
    page = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert f'href="{url(community_a, "reply_edit", reply_id=reply.pk)}"' in page
    form = get(client, community_a, "reply_edit", reply_id=reply.pk)
    assert form.status_code == 200 and "第一版" in html(form)
    assert_accessible_basics(html(form))
    assert (
        post(client, community_a, "reply_edit", {"body": ""}, reply_id=reply.pk).status_code == 400
    )
    done = post(client, community_a, "reply_edit", {"body": "第二版"}, reply_id=reply.pk)
    assert done.status_code == 302 and done["Location"].endswith(f"#reply-{reply.pk}")
    reply.refresh_from_db()
    assert reply.body == "第二版" and reply.edited_at is not None
    Reply.objects.filter(pk=reply.pk).update(created_at=timezone.now() - timedelta(hours=1))
    page = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert url(community_a, "reply_edit", reply_id=reply.pk) not in page  # window closed


def test_refusals_and_odd_input_never_500(client, community_a, board_a, poster):
    topic = TopicFactory(board=board_a)
    signed_out = get(client, community_a, "topic_create", board_slug=board_a.slug)
    assert signed_out.status_code == 302 and "/accounts/login/" in signed_out["Location"]
    client.force_login(poster)
    assert get(client, community_a, "board", board_slug="no-such-board").status_code == 404
    assert get(client, community_a, "topic", topic_id=999999).status_code == 404
    assert get(client, community_a, "topic", "?page=abc", topic_id=topic.pk).status_code == 200
    assert get(client, community_a, "topic", "?page=999", topic_id=topic.pk).status_code == 200
    assert get(client, community_a, "reply", "?quote=junk", topic_id=topic.pk).status_code == 200
    assert get(client, community_a, "reply_link", reply_id=999999).status_code == 404
    locked = TopicFactory(board=board_a, is_locked=True)
    refused = get(client, community_a, "reply", topic_id=locked.pk)
    assert refused.status_code == 403
    assert shown("This topic is locked: no new replies.") in html(refused)
    assert_accessible_basics(html(refused))
