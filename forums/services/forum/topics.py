"""Starting and editing a topic (发帖 / 编辑主题)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Board, Topic, TopicFollow, Visibility

from .. import guard
from ..errors import NotAllowed
from ._common import check_may_edit, clean_title_and_body, held_note

__all__ = ["create_topic", "edit_topic"]


def create_topic(
    author: User,
    board: Board,
    title: str,
    body: str,
    *,
    ip: str = "",
    now: datetime | None = None,
) -> Topic:
    """Start a topic (发帖) in ``board``; the author follows it from then on.

    Refusals: ``NotAllowed`` (archived board, not eligible, banned), ``RateLimited``,
    ``ValidationError`` dict (title, body), ``DuplicatePost`` (the same text just now). A
    banned word holds the topic for a moderator (``Visibility.HELD``) instead of refusing it.
    """
    now = now or timezone.now()
    if board.is_archived:
        raise NotAllowed(
            _("This board is archived: it can still be read, but nobody can post in it."),
            code="archived",
        )
    title, body = clean_title_and_body(title, body)
    community = board.community
    guard.check_may_post(author, community, ip=ip, now=now)
    guard.refuse_duplicate(Topic.objects.filter(community=community), author, now, body=body)
    held = guard.banned_word_in(title, body)
    with transaction.atomic():
        topic = Topic.objects.create(
            community=community,
            board=board,
            author=author,
            title=title,
            body=body,
            created_at=now,
            last_activity_at=now,
            visibility=Visibility.HELD if held else Visibility.PUBLISHED,
            moderation_note=held_note() if held else "",
        )
        TopicFollow.objects.create(user=author, topic=topic)
    return topic


def edit_topic(
    user: User, topic: Topic, title: str, body: str, now: datetime | None = None
) -> Topic:
    """Change a topic's title and text (编辑主题): its author only, within
    ``FORUMS_EDIT_MINUTES`` of posting. A banned word in the new text holds a published topic
    for a moderator; an edit never publishes what a moderator has still to decide about."""
    now = now or timezone.now()
    title, body = clean_title_and_body(title, body)
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("board").get(pk=topic.pk)
        check_may_edit(user, topic, topic.board.is_archived, now)
        topic.title, topic.body, topic.edited_at = title, body, now
        fields = ["title", "body", "edited_at"]
        if guard.banned_word_in(title, body) and topic.visibility == Visibility.PUBLISHED:
            topic.visibility, topic.moderation_note = Visibility.HELD, held_note()
            fields += ["visibility", "moderation_note"]
        topic.save(update_fields=fields)
    return topic
