"""Where a post stands (处理状态), derived each time from its official reply and its event's
status — never stored, so it cannot drift from the work network's own record.

Praise (表扬) needs no answer and has no status.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from communities.models import Community
from forums.models import Post, PostKind
from forums.services.access import posts_shown_q
from governance.models import EventStatus

__all__ = ["STATUS_FILTERS", "PostStatus", "listed_posts", "post_status", "status_q"]


class PostStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for an answer")
    IN_PROGRESS = "in_progress", _("Being handled")
    ANSWERED = "answered_or_resolved", _("Answered or resolved")
    CLOSED = "closed", _("Closed")


ANSWERED_KINDS = (PostKind.SUGGESTION, PostKind.CONSULTATION)

# Each event status belongs to exactly one of the post's statuses.
EVENT_STATUSES = {
    PostStatus.WAITING: (EventStatus.REPORTED,),
    PostStatus.IN_PROGRESS: (
        EventStatus.ACCEPTED, EventStatus.DISPATCHED, EventStatus.IN_PROGRESS,
        EventStatus.RETURNED, EventStatus.REOPENED,
    ),
    PostStatus.ANSWERED: (EventStatus.RESOLVED,),
    PostStatus.CLOSED: (EventStatus.CLOSED, EventStatus.REJECTED, EventStatus.DUPLICATE),
}  # fmt: skip
_BY_EVENT_STATUS = {
    status: post for post, statuses in EVENT_STATUSES.items() for status in statuses
}

STATUS_FILTERS = tuple(PostStatus)


def status_q(status: str) -> Q | None:
    """The filter for posts in ``status``; None for an unknown value (the caller ignores it)."""
    if status not in PostStatus.values:
        return None
    by_event = Q(event__status__in=EVENT_STATUSES[PostStatus(status)])
    no_event = Q(event__isnull=True, kind__in=ANSWERED_KINDS)
    if status == PostStatus.WAITING:
        return by_event | (no_event & Q(official_reply=""))
    if status == PostStatus.ANSWERED:
        return by_event | (no_event & ~Q(official_reply=""))
    return by_event


def post_status(post: Post) -> PostStatus | None:
    """``post``'s status (reads ``post.event``: select it with the post in a list)."""
    if post.event_id is not None:
        return _BY_EVENT_STATUS.get(post.event.status)
    if post.kind not in ANSWERED_KINDS:
        return None
    return PostStatus.ANSWERED if post.official_reply else PostStatus.WAITING


def listed_posts(
    user: User | AnonymousUser | None,
    community: Community,
    *,
    kind: str = "",
    status: str = "",
) -> QuerySet[Post]:
    """The posts ``user`` sees in ``community``'s column, newest first, with what a list
    shows (author, event) in the same query; unknown ``kind``/``status`` values are ignored."""
    posts = (
        Post.objects.filter(community=community)
        .filter(posts_shown_q(user, community))
        .select_related("author", "event")
        .order_by("-created_at", "-pk")
    )
    if kind in PostKind.values:
        posts = posts.filter(kind=kind)
    wanted = status_q(status)
    if wanted is not None:
        posts = posts.filter(wanted)
    return posts
