"""Voting on a deliberation (议题表决): for, against or abstain, once per person, within the
voting period, by those its rule lets vote."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from polls.models import Deliberation, DeliberationStatus, DeliberationVote, Position
from polls.services.common import (
    AlreadyVoted,
    NotOpen,
    PollError,
    check_eligible,
    check_open,
)

__all__ = ["cast_deliberation_vote", "deliberation_phase", "has_voted", "turnout"]


def deliberation_phase(d: Deliberation, now: datetime | None = None) -> str:
    """Where the deliberation stands: "submitted", "rejected", "upcoming" (scheduled, the
    discussion not open yet), "discussion", "voting" or "concluded" (also a scheduled one
    whose voting has closed and that waits to be counted)."""
    if d.status == DeliberationStatus.SUBMITTED:
        return "submitted"
    if d.status == DeliberationStatus.REJECTED:
        return "rejected"
    if d.status == DeliberationStatus.CONCLUDED:
        return "concluded"
    now = now or timezone.now()
    if d.discussion_opens_at is None or now < d.discussion_opens_at:
        return "upcoming"
    if now < d.voting_opens_at:
        return "discussion"
    if now < d.voting_closes_at:
        return "voting"
    return "concluded"


def _check_window(d: Deliberation, now: datetime) -> None:
    if d.status == DeliberationStatus.CONCLUDED:
        check_open(d.voting_opens_at, d.voting_closes_at, max(now, d.voting_closes_at))
    if d.status != DeliberationStatus.SCHEDULED:
        check_open(None, None, now)  # "Voting has not been scheduled yet."
    check_open(d.voting_opens_at, d.voting_closes_at, now)


def cast_deliberation_vote(
    user: User | AnonymousUser | None,
    deliberation: Deliberation,
    position: str,
    *,
    now: datetime | None = None,
) -> DeliberationVote:
    """Record ``user``'s vote (投票). Raises ``PollError`` (no such position), ``NotOpen``
    (before or after the voting period, with the time), ``NotEligible`` (the rule) and
    ``AlreadyVoted``: once per person, guaranteed by the database's unique constraint even
    when two requests race."""
    now = now or timezone.now()
    if position not in Position.values:
        raise PollError(_("Choose for, against or abstain."), code="position")
    _check_window(deliberation, now)
    check_eligible(user, deliberation.community, deliberation.who_may_vote)
    try:
        with transaction.atomic():
            vote = DeliberationVote.objects.create(
                deliberation=deliberation, voter=user, position=position, cast_at=now
            )
            # The insert holds a key-share lock on the deliberation's row, which the count
            # (conclude_deliberation) must wait for: re-read the status under it, so a vote
            # either is counted or is refused, never stored after the count.
            still_open = Deliberation.objects.filter(
                pk=deliberation.pk, status=DeliberationStatus.SCHEDULED
            ).exists()
            if not still_open:
                raise NotOpen(_("Voting has closed and the votes are counted."), code="closed")
    except IntegrityError:
        raise AlreadyVoted() from None
    return vote


def has_voted(user: User | AnonymousUser | None, deliberation: Deliberation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return DeliberationVote.objects.filter(deliberation=deliberation, voter_id=user.pk).exists()


def turnout(deliberation: Deliberation) -> int:
    """How many have voted so far (shown while voting is open; the split only afterwards)."""
    return DeliberationVote.objects.filter(deliberation=deliberation).count()
