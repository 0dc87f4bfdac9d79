"""What the forum's public pages read (论坛查询): every query filters by the community, shows
only what the visitor may see, and costs the same however many rows a page lists.
``Refusal`` and ``posting_refusal`` come from the guard, re-exported for the views."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, FilteredRelation, Max, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from forums.models import Board, Reply, Topic, Visibility

from ..access import shown_q
from ..guard import Refusal, posting_refusal

__all__ = [
    "Refusal",
    "board_rows",
    "board_topics",
    "posting_refusal",
    "reply_position",
    "reply_refusal",
    "shown_replies",
    "shown_topic",
]

Visitor = User | AnonymousUser


def board_rows(community: Community, user: Visitor) -> list[Board]:
    """The community's boards in order, each with ``topic_count`` and ``last_activity`` of its
    published topics, and for a signed-in user ``new_count``: topics active since their
    last visit (all of them on a board never opened). One query for the whole list."""
    published = Q(topics__visibility=Visibility.PUBLISHED)
    boards = Board.objects.filter(community=community).annotate(
        topic_count=Count("topics", filter=published),
        last_activity=Max("topics__last_activity_at", filter=published),
    )
    if user.is_authenticated:
        # The user's visit as a LEFT JOIN (one row at most per board: a unique pair), so the
        # count stays in the same single query.
        boards = boards.annotate(
            my_visit=FilteredRelation("visits", condition=Q(visits__user=user.pk))
        ).annotate(
            visited_at=F("my_visit__visited_at"),
            new_count=Count(
                "topics",
                filter=published
                & (
                    Q(my_visit__visited_at__isnull=True)
                    | Q(topics__last_activity_at__gt=F("my_visit__visited_at"))
                ),
            ),
        )
    return list(boards.order_by("sort_order", "pk"))


def board_topics(board: Board, user: Visitor) -> QuerySet[Topic]:
    """A board's topics ``user`` sees: pinned first (置顶), then the most recently active."""
    return (
        Topic.objects.filter(board=board, community_id=board.community_id)
        .filter(shown_q(user))
        .select_related("author")
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )


def shown_topic(community: Community, user: Visitor, topic_id: int) -> Topic | None:
    """The topic of ``community`` that ``user`` may see (published, or their own), with its
    board, author and governance event; None for any other (the page answers 404)."""
    return (
        Topic.objects.filter(pk=topic_id, community=community)
        .filter(shown_q(user))
        .select_related("board", "author", "event")
        .first()
    )


def shown_replies(topic: Topic, user: Visitor) -> QuerySet[Reply]:
    """The replies of ``topic`` that ``user`` sees, oldest first, with what each quotes."""
    return (
        Reply.objects.filter(topic=topic, community_id=topic.community_id)
        .filter(shown_q(user))
        .select_related("author", "quoted", "quoted__author")
        .order_by("created_at", "pk")
    )


def reply_position(reply: Reply, user: Visitor) -> int:
    """How many replies ``user`` sees before ``reply`` in its topic (its 0-based index)."""
    earlier = Q(created_at__lt=reply.created_at) | Q(created_at=reply.created_at, pk__lt=reply.pk)
    return (
        Reply.objects.filter(topic_id=reply.topic_id).filter(shown_q(user)).filter(earlier).count()
    )


def reply_refusal(topic: Topic) -> Refusal | None:
    """Why ``topic`` takes no replies from anyone (archived board, locked, not published)."""
    if topic.board.is_archived:
        return Refusal("archived", _("This board is archived: it can be read, not replied to."))
    if topic.is_locked:
        return Refusal("locked", _("This topic is locked: no new replies."))
    if topic.visibility != Visibility.PUBLISHED:
        return Refusal("unpublished", _("Replies open once the topic is published."))
    return None
