"""What the survey, deliberation and election services share: their errors, the phase of a
voting window and the one eligibility check (参与资格) every vote goes through."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services.eligibility import check_participation
from communities.models import Community

__all__ = [
    "AlreadyVoted",
    "NotEligible",
    "NotOpen",
    "Phase",
    "PollError",
    "check_eligible",
    "check_open",
    "phase_of",
]


class PollError(Exception):
    """A refusal with a message for the person, never a 500. ``status`` is the HTTP answer."""

    status = 400

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotEligible(PollError):
    """This person may not take part (signed out, not a verified resident, suspended...)."""

    status = 403


class NotOpen(PollError):
    """Not open yet, or closed already."""

    status = 409


class AlreadyVoted(PollError):
    """One person, one vote: this person has voted here already."""

    status = 409

    def __init__(self, message: str = "", *, code: str = "already_voted") -> None:
        super().__init__(
            message or _("You have already voted here. Each person votes once."), code=code
        )


class Phase(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


def phase_of(
    opens_at: datetime | None, closes_at: datetime | None, now: datetime | None = None
) -> Phase:
    """Where ``now`` falls in the window [opens_at, closes_at)."""
    now = now or timezone.now()
    if opens_at is None or now < opens_at:
        return Phase.UPCOMING
    if closes_at is not None and now >= closes_at:
        return Phase.CLOSED
    return Phase.OPEN


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def check_open(
    opens_at: datetime | None, closes_at: datetime | None, now: datetime | None = None
) -> None:
    """Raise ``NotOpen`` with the opening or closing time unless voting is open at ``now``."""
    phase = phase_of(opens_at, closes_at, now)
    if phase is Phase.UPCOMING:
        if opens_at is None:
            raise NotOpen(_("Voting has not been scheduled yet."), code="not_scheduled")
        raise NotOpen(
            _("Voting has not opened yet. It opens on %(when)s.") % {"when": _when(opens_at)},
            code="not_open",
        )
    if phase is Phase.CLOSED:
        raise NotOpen(
            _("Voting closed on %(when)s. No more votes are accepted.")
            % {"when": _when(closes_at)},
            code="closed",
        )


def check_eligible(user: User | AnonymousUser | None, community: Community, rule: str) -> None:
    """Raise ``NotEligible`` with the reason unless ``user`` may vote under ``rule`` (a
    ``Participation`` value) in ``community``."""
    answer = check_participation(user, community, "vote", rule=rule)
    if not answer.allowed:
        raise NotEligible(answer.reason, code=answer.code)
