"""Who may post, and who sees what, in the forum (发帖规则与可见性): bans, the residents-only
rule, rate limits, repeats, banned words, hidden items, other communities, XSS."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forums.factories import ReplyFactory, TopicFactory
from forums.models import BannedWord, PostingBan, Reply, Topic, Visibility
from forums.services.forum import create_reply, create_topic
from tests.conftest import changed_tables, database_rows, host_of, shown
from tests.forums.forum.conftest import XSS, get, html, post

NEW_TOPIC = {"title": "新话题", "body": "大家好"}


def test_a_banned_user_cannot_post(client, community_a, board_a, poster, moderator_a):
    now = timezone.now()
    PostingBan.objects.create(
        community=community_a,
        user=poster,
        reason="辱骂邻居",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=3),
        created_by=moderator_a,
    )
    topic = TopicFactory(board=board_a)
    client.force_login(poster)
    board = html(get(client, community_a, "board", board_slug=board_a.slug))
    assert "辱骂邻居" in board and f'href="/forum/{board_a.slug}/new/"' not in board
    before = database_rows()
    response = post(client, community_a, "topic_create", NEW_TOPIC, board_slug=board_a.slug)
    assert response.status_code == 403 and "辱骂邻居" in html(response)
    assert post(client, community_a, "reply", {"body": "x"}, topic_id=topic.pk).status_code == 403
    assert changed_tables(before, database_rows()) == {}


def test_only_verified_residents_post_where_the_site_says_so(
    client, community_a, board_a, residents_only, resident_a, signed_in_user
):
    topic = TopicFactory(board=board_a)
    client.force_login(signed_in_user)
    page = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert 'name="body"' not in page and 'href="/accounts/residency/request/"' in page
    refused = post(client, community_a, "topic_create", NEW_TOPIC, board_slug=board_a.slug)
    assert refused.status_code == 403
    assert post(client, community_a, "reply", {"body": "x"}, topic_id=topic.pk).status_code == 403
    assert not Reply.objects.exists() and Topic.objects.count() == 1

    client.force_login(resident_a)
    made = post(client, community_a, "topic_create", NEW_TOPIC, board_slug=board_a.slug)
    assert made.status_code == 302 and Topic.objects.count() == 2


def test_signed_out_visitors_read_but_are_sent_to_sign_in(client, community_a, board_a):
    topic = TopicFactory(board=board_a)
    page = html(get(client, community_a, "topic", topic_id=topic.pk))
    assert 'name="body"' not in page and "/accounts/login/?next=" in page
    for name, kwargs in (
        ("topic_create", {"board_slug": board_a.slug}),
        ("reply", {"topic_id": topic.pk}),
    ):
        response = post(client, community_a, name, {"title": "t", "body": "b"}, **kwargs)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Topic.objects.count() == 1 and not Reply.objects.exists()


def test_posting_too_often_answers_429(client, community_a, board_a, poster, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post:user": "2/m"}
    topic = TopicFactory(board=board_a)
    client.force_login(poster)
    for number in range(2):
        ok = post(client, community_a, "reply", {"body": f"第{number}条"}, topic_id=topic.pk)
        assert ok.status_code == 302
    response = post(client, community_a, "reply", {"body": "第三条"}, topic_id=topic.pk)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "第三条" in html(response) and 'role="alert"' in html(response)
    assert Reply.objects.count() == 2


def test_the_same_text_twice_in_a_row_is_refused(client, community_a, board_a, poster):
    client.force_login(poster)
    first = post(client, community_a, "topic_create", NEW_TOPIC, board_slug=board_a.slug)
    assert first.status_code == 302
    again = post(client, community_a, "topic_create", NEW_TOPIC, board_slug=board_a.slug)
    assert again.status_code == 400
    assert shown("You posted exactly the same text a moment ago; it is not posted twice.") in html(
        again
    )
    assert Topic.objects.count() == 1
    topic = Topic.objects.get()
    assert post(client, community_a, "reply", {"body": "顶"}, topic_id=topic.pk).status_code == 302
    assert post(client, community_a, "reply", {"body": "顶"}, topic_id=topic.pk).status_code == 400
    assert Reply.objects.count() == 1


def test_a_banned_word_holds_the_post_for_a_moderator(
    client, community_a, board_a, poster, neighbour
):
    BannedWord.objects.create(phrase="发票代开")
    client.force_login(poster)
    response = post(
        client,
        community_a,
        "topic_create",
        {"title": "好消息", "body": "专业发票代开"},
        board_slug=board_a.slug,
    )
    topic = Topic.objects.get()
    assert topic.visibility == Visibility.HELD and topic.moderation_note
    own = html(client.get(response["Location"], **host_of(community_a)))
    assert "专业发票代开" in own and shown("Only you can see this.") in own
    assert topic.moderation_note in own.replace("&#x27;", "'")

    published = TopicFactory(board=board_a)
    post(client, community_a, "reply", {"body": "需要发票代开找我"}, topic_id=published.pk)
    reply = Reply.objects.get()
    published.refresh_from_db()
    assert reply.visibility == Visibility.HELD and published.reply_count == 0

    client.force_login(neighbour)
    assert get(client, community_a, "topic", topic_id=topic.pk).status_code == 404
    assert "需要发票代开找我" not in html(get(client, community_a, "topic", topic_id=published.pk))
    assert "好消息" not in html(get(client, community_a, "board", board_slug=board_a.slug))
    client.logout()
    assert get(client, community_a, "topic", topic_id=topic.pk).status_code == 404


@pytest.mark.parametrize("state", [Visibility.HIDDEN, Visibility.FLAGGED, Visibility.HELD])
def test_hidden_items_are_invisible_to_others(
    client, community_a, community_b, board_a, poster, neighbour, state
):
    hidden_topic = TopicFactory(board=board_a, author=poster, visibility=state, title="隐藏的帖子")
    shown_topic = TopicFactory(board=board_a)
    hidden_reply = ReplyFactory(
        topic=shown_topic, author=poster, visibility=state, body="隐藏的回复"
    )
    for who in (None, neighbour):
        if who:
            client.force_login(who)
        assert get(client, community_a, "topic", topic_id=hidden_topic.pk).status_code == 404
        assert "隐藏的回复" not in html(get(client, community_a, "topic", topic_id=shown_topic.pk))
        assert get(client, community_a, "reply_link", reply_id=hidden_reply.pk).status_code == 404
    client.force_login(poster)  # the author sees both, with the reason
    assert get(client, community_a, "topic", topic_id=hidden_topic.pk).status_code == 200
    assert "隐藏的回复" in html(get(client, community_a, "topic", topic_id=shown_topic.pk))
    # On community_b's site, not even the author reaches them.
    assert get(client, community_b, "topic", topic_id=hidden_topic.pk).status_code == 404


def test_another_communitys_topics_are_not_reachable(
    client, community_a, community_b, board_a, poster
):
    topic = TopicFactory(board=board_a, author=poster, title="花果山的帖子")
    reply = ReplyFactory(topic=topic, author=poster)
    client.force_login(poster)
    for name, kwargs in (
        ("topic", {"topic_id": topic.pk}),
        ("reply", {"topic_id": topic.pk}),
        ("topic_edit", {"topic_id": topic.pk}),
        ("reply_link", {"reply_id": reply.pk}),
        ("reply_edit", {"reply_id": reply.pk}),
    ):
        assert get(client, community_b, name, **kwargs).status_code == 404, name
    # community_b has a board of the same slug: its own, without community_a's topic.
    board_b = html(get(client, community_b, "board", board_slug=board_a.slug))
    assert "花果山的帖子" not in board_b
    before = database_rows()
    for name, data, kwargs in (
        ("reply", {"body": "跨社区"}, {"topic_id": topic.pk}),
        ("topic_edit", {"title": "改", "body": "改"}, {"topic_id": topic.pk}),
        ("follow", {"action": "unfollow"}, {"topic_id": topic.pk}),
    ):
        assert post(client, community_b, name, data, **kwargs).status_code == 404, name
    assert changed_tables(before, database_rows()) == {}


def test_xss_payloads_come_out_inert(client, community_a, board_a, poster, neighbour):
    payload = "\n\n".join(XSS)
    topic = create_topic(poster, board_a, "<script>alert(1)</script><svg onload=alert(1)>", payload)
    create_reply(neighbour, topic, payload + "\n\n回复")
    response = get(client, community_a, "topic", topic_id=topic.pk)
    assert response.status_code == 200
    body = html(response).lower()
    assert "<script" not in body and "<svg" not in body and "<img" not in body
    # Event handlers only in text ("&lt;img … onerror=…&gt;"), never as an attribute of a tag.
    assert not re.search(r"<[^>]*\son(error|load)\s*=", body)
    assert not re.search(r"<[^>]*href\s*=\s*[\"']?\s*javascript:", body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown as text, not run
