"""Following a topic (关注) and remembering a user's last visit to a board (上次访问)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Board, BoardVisit, Topic, TopicFollow, Visibility

from ..errors import NotAllowed

__all__ = ["follow_topic", "is_following", "mark_board_visited", "unfollow_topic"]


def follow_topic(user: User, topic: Topic) -> bool:
    """Follow ``topic`` (关注): hear of each new reply. True when newly followed.

    Only a topic ``user`` can see: a published one, or their own."""
    if not user.is_authenticated:
        raise NotAllowed(_("Sign in to follow a topic."), code="anonymous")
    if topic.visibility != Visibility.PUBLISHED and topic.author_id != user.pk:
        raise NotAllowed(_("This topic is not shown, so it cannot be followed."), code="hidden")
    _follow, created = TopicFollow.objects.get_or_create(user=user, topic=topic)
    return created


def unfollow_topic(user: User, topic: Topic) -> bool:
    """Stop following ``topic`` (取消关注). True when a follow was removed."""
    if not user.is_authenticated:
        return False
    deleted, _rows = TopicFollow.objects.filter(user=user, topic=topic).delete()
    return bool(deleted)


def is_following(user: User, topic: Topic) -> bool:
    """Whether ``user`` follows ``topic`` (no query when signed out)."""
    if not user.is_authenticated:
        return False
    return TopicFollow.objects.filter(user=user, topic=topic).exists()


def mark_board_visited(user: User, board: Board, now: datetime | None = None) -> datetime | None:
    """Remember that ``user`` opened ``board`` now; returns the visit before this one (None
    for a first visit), which decides what the board page marks as new (新帖)."""
    if not user.is_authenticated:
        return None
    now = now or timezone.now()
    visit, created = BoardVisit.objects.get_or_create(
        user=user, board=board, defaults={"visited_at": now}
    )
    if created:
        return None
    BoardVisit.objects.filter(pk=visit.pk).update(visited_at=now)
    return visit.visited_at
