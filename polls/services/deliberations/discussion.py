"""A deliberation's discussion (议题讨论): a topic in the community forum's "affairs" board
(社区议事), opened when the deliberation is scheduled and locked when voting opens."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Board, Reply, Topic, TopicFollow, Visibility
from forums.services.forum import create_reply
from polls.models import Deliberation, DeliberationStatus
from polls.services.common import NotOpen

from ._common import deliberation_url

__all__ = ["AFFAIRS_BOARD", "comment_on_deliberation", "discussion_board", "open_topic"]

AFFAIRS_BOARD = "affairs"
TOPIC_PREFIX = "【阳光议事】"


def discussion_board(community_id: int) -> Board | None:
    """The board deliberations are discussed in: "affairs" (社区议事) when open, else the
    first open board; None when the forum has no open board."""
    boards = Board.objects.filter(community_id=community_id, is_archived=False)
    return boards.filter(slug=AFFAIRS_BOARD).first() or boards.order_by("sort_order", "pk").first()


def open_topic(deliberation: Deliberation, now: datetime) -> Topic | None:
    """The deliberation's discussion topic, written as its proposer's (the editor who
    scheduled it vetted the text, so it skips the forum's posting checks); None when the
    forum has no open board. Inside the caller's transaction."""
    board = discussion_board(deliberation.community_id)
    if board is None:
        return None
    link = deliberation_url(deliberation)
    body = deliberation.proposal
    if link:
        body += "\n\n" + _("Vote and follow the outcome on the deliberation's page: %(url)s") % {
            "url": f"[{link}]({link})"
        }
    topic = Topic.objects.create(
        community_id=deliberation.community_id,
        board=board,
        author_id=deliberation.proposed_by_id,
        title=(TOPIC_PREFIX + deliberation.title)[:120],
        body=body[:10000],
        created_at=now,
        last_activity_at=now,
        visibility=Visibility.PUBLISHED,
    )
    TopicFollow.objects.get_or_create(user_id=deliberation.proposed_by_id, topic=topic)
    return topic


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def comment_on_deliberation(
    user: User,
    deliberation: Deliberation,
    body: str,
    *,
    ip: str = "",
    now: datetime | None = None,
) -> Reply:
    """Comment during the discussion period (讨论期): a reply in the deliberation's topic,
    through every forum check (bans, rate limits, banned words, duplicates).

    Raises ``NotOpen`` outside [discussion_opens_at, voting_opens_at) or without a topic,
    and whatever ``forums.services.forum.create_reply`` raises (``ValidationError``,
    ``ForumError``).
    """
    now = now or timezone.now()
    opens, closes = deliberation.discussion_opens_at, deliberation.voting_opens_at
    if deliberation.topic_id is None or opens is None or closes is None:
        raise NotOpen(_("This deliberation has no discussion."), code="no_discussion")
    if deliberation.status != DeliberationStatus.SCHEDULED or now >= closes:
        raise NotOpen(
            _("The discussion closed on %(when)s, when voting opened.") % {"when": _when(closes)},
            code="closed",
        )
    if now < opens:
        raise NotOpen(
            _("The discussion has not opened yet. It opens on %(when)s.") % {"when": _when(opens)},
            code="not_open",
        )
    return create_reply(user, deliberation.topic, body, ip=ip, now=now)
