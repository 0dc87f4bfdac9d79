"""Replying (回帖), quoting (引用), editing a reply, and telling the topic's followers."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Reply, Topic, TopicFollow, Visibility
from notifications.services import notify
from portal.usertext import excerpt

from .. import guard
from ..errors import NotAllowed
from ._common import check_may_edit, clean_body, held_note
from .urls import reply_path

__all__ = ["create_reply", "edit_reply"]


def _check_open(topic: Topic) -> None:
    """``NotAllowed`` unless ``topic`` takes new replies."""
    if topic.board.is_archived:
        raise NotAllowed(
            _("This board is archived: it can still be read, but nobody can reply."),
            code="archived",
        )
    if topic.is_locked:
        raise NotAllowed(_("This topic is locked: no new replies."), code="locked")
    if topic.visibility != Visibility.PUBLISHED:
        raise NotAllowed(
            _("This topic is not published, so it cannot be replied to."), code="unpublished"
        )


def _check_quote(author: User, topic: Topic, quoted: Reply | None) -> None:
    if quoted is None:
        return
    if quoted.topic_id != topic.pk:
        raise ValidationError({"quoted": _("You can only quote a reply in the same topic.")})
    if quoted.visibility != Visibility.PUBLISHED and quoted.author_id != author.pk:
        raise ValidationError({"quoted": _("That reply is no longer shown; it cannot be quoted.")})


def _tell_followers(reply: Reply, topic: Topic) -> None:
    """Each follower but the replier hears of the new reply, in the inbox and by email (by
    their preferences). Inside the reply's transaction: a rollback tells nobody."""
    followers = list(
        TopicFollow.objects.filter(topic=topic)
        .exclude(user_id=reply.author_id)
        .select_related("user")
    )
    if not followers:
        return
    url = reply_path(reply)
    base_url = topic.community.get_url()  # emails link to the community's own host
    title = _("New reply in “%(title)s”") % {"title": topic.title}
    text = excerpt(reply.body, 200)
    for follow in followers:
        notify(follow.user, "forum", title, text, url, base_url=base_url)


def create_reply(
    author: User,
    topic: Topic,
    body: str,
    *,
    quoted: Reply | None = None,
    quotes_topic: bool = False,
    ip: str = "",
    now: datetime | None = None,
) -> Reply:
    """Reply to ``topic`` (回帖), optionally quoting one of its replies or the topic itself.

    A published reply moves the topic up its board and counts in ``reply_count`` (one
    ``F()`` update); its author follows the topic; every other follower is notified. A banned
    word holds the reply (``Visibility.HELD``): nobody is notified and nothing is counted
    until a moderator approves it. All of it, or nothing, is saved.
    """
    now = now or timezone.now()
    if quoted is not None:
        quotes_topic = False  # one quote per reply: the reply wins
    with transaction.atomic():
        # Locked or hidden a moment ago? Read the topic's state under the row lock.
        fresh = Topic.objects.select_for_update().select_related("board").get(pk=topic.pk)
        if Topic.community.is_cached(topic):
            fresh.community = topic.community  # the view's: no second query for it
        topic = fresh
        _check_open(topic)
        body = clean_body(body)
        _check_quote(author, topic, quoted)
        guard.check_may_post(author, topic.community, ip=ip, now=now)
        guard.refuse_duplicate(Reply.objects.filter(topic=topic), author, now, body=body)
        held = guard.banned_word_in(body)
        reply = Reply.objects.create(
            community_id=topic.community_id,
            topic=topic,
            author=author,
            body=body,
            created_at=now,
            quoted=quoted,
            quotes_topic=quotes_topic,
            visibility=Visibility.HELD if held else Visibility.PUBLISHED,
            moderation_note=held_note() if held else "",
        )
        TopicFollow.objects.get_or_create(user=author, topic=topic)
        if not held:
            Topic.objects.filter(pk=topic.pk).update(
                reply_count=F("reply_count") + 1, last_activity_at=now
            )
            topic.refresh_from_db(fields=["reply_count", "last_activity_at"])
            _tell_followers(reply, topic)
    return reply


def edit_reply(user: User, reply: Reply, body: str, now: datetime | None = None) -> Reply:
    """Change a reply's text (编辑回帖): its author only, within ``FORUMS_EDIT_MINUTES``. A
    banned word holds a published reply again (and it leaves the topic's count)."""
    now = now or timezone.now()
    body = clean_body(body)
    with transaction.atomic():
        reply = Reply.objects.select_for_update().get(pk=reply.pk)
        topic = Topic.objects.select_related("board").get(pk=reply.topic_id)
        check_may_edit(user, reply, topic.board.is_archived, now)
        reply.body, reply.edited_at = body, now
        fields = ["body", "edited_at"]
        if guard.banned_word_in(body) and reply.visibility == Visibility.PUBLISHED:
            reply.visibility, reply.moderation_note = Visibility.HELD, held_note()
            fields += ["visibility", "moderation_note"]
            Topic.objects.filter(pk=topic.pk, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
        reply.save(update_fields=fields)
        reply.topic = topic
    return reply
