"""Casting a secret ballot (无记名投票): one roll entry and one anonymous ballot, together."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from communities.models import Community, Participation
from polls.models import Ballot, Candidate, Election, ElectionResult, VoterRollEntry
from polls.services.common import AlreadyVoted, NotOpen, check_eligible, check_open, phase_of

__all__ = ["cast_ballot", "check_may_vote", "has_voted", "listed_elections", "turnout"]

Someone = User | AnonymousUser | None


def has_voted(user: Someone, election: Election) -> date | None:
    """The day ``user`` voted in ``election`` (the roll keeps no time), or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        VoterRollEntry.objects.filter(election=election, voter=user)
        .values_list("voted_on", flat=True)
        .first()
    )


def turnout(election: Election) -> int:
    """How many have voted: the only number shown while voting is open."""
    return VoterRollEntry.objects.filter(election=election).count()


def listed_elections(
    community: Community, user: Someone, now: datetime | None = None
) -> list[Election]:
    """The community's published elections, newest first, each with ``phase`` and, for
    ``user``, ``voted_on`` (the day they voted, or None)."""
    now = now or timezone.now()
    elections = list(
        Election.objects.filter(community=community, is_published=True).order_by("-opens_at", "-pk")
    )
    voted: dict[int, date] = {}
    if user is not None and user.is_authenticated and elections:
        voted = dict(
            VoterRollEntry.objects.filter(voter=user, election__in=elections).values_list(
                "election_id", "voted_on"
            )
        )
    for election in elections:
        election.phase = phase_of(election.opens_at, election.closes_at, now)
        election.voted_on = voted.get(election.pk)
    return elections


def _already_voted(voted_on: date) -> AlreadyVoted:
    return AlreadyVoted(
        _("You voted in this election on %(date)s. Each person votes once.")
        % {"date": date_format(voted_on, "DATE_FORMAT")}
    )


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"candidates": ValidationError(message, code=code)})


def valid_marks(election: Election, candidate_ids: Sequence[int]) -> list[int]:
    """The ballot's marks: 1 to ``seats`` distinct candidates of this election, sorted."""
    try:
        ids = [int(value) for value in candidate_ids]
    except (TypeError, ValueError):
        raise _refuse(_("That is not a candidate in this election."), "unknown") from None
    if not ids:
        raise _refuse(_("Choose at least one candidate."), "none")
    if len(set(ids)) != len(ids):
        raise _refuse(_("Choose each candidate only once."), "duplicate")
    if len(ids) > election.seats:
        raise _refuse(
            ngettext(
                "You may choose at most %(seats)d candidate; you chose %(count)d.",
                "You may choose at most %(seats)d candidates; you chose %(count)d.",
                election.seats,
            )
            % {"seats": election.seats, "count": len(ids)},
            "too_many",
        )
    known = set(Candidate.objects.filter(election=election).values_list("pk", flat=True))
    if not set(ids) <= known:
        raise _refuse(_("That is not a candidate in this election."), "unknown")
    return sorted(ids)


def check_may_vote(user: Someone, election: Election, *, now: datetime | None = None) -> None:
    """Raise ``NotOpen``, ``NotEligible`` or ``AlreadyVoted`` unless ``user`` may vote in
    ``election`` now (the checks ``cast_ballot`` makes before looking at the choice)."""
    if not election.is_published:
        raise NotOpen(_("This election has not been published."), code="unpublished")
    check_open(election.opens_at, election.closes_at, now)
    # Elections always ask for verified residents, whatever the site's rule for other votes.
    check_eligible(user, election.community, Participation.RESIDENTS)
    voted_on = has_voted(user, election)
    if voted_on is not None:
        raise _already_voted(voted_on)


def cast_ballot(
    user: Someone,
    election: Election,
    candidate_ids: Sequence[int],
    *,
    now: datetime | None = None,
) -> None:
    """Vote in ``election`` for ``candidate_ids`` (投票), as a verified resident of its
    community, once.

    Returns nothing: there is no receipt, and nothing is logged, that could tie the ballot to
    the voter. Raises ``NotOpen``, ``NotEligible``, ``AlreadyVoted`` or a ``ValidationError``
    on "candidates"; then nothing is written.
    """
    now = now or timezone.now()
    check_may_vote(user, election, now=now)
    marks = valid_marks(election, candidate_ids)
    try:
        with transaction.atomic():
            VoterRollEntry.objects.create(
                election=election, voter=user, voted_on=timezone.localdate(now)
            )
            # The roll row's foreign key holds a key-share lock on the election row, which
            # publish_result locks FOR UPDATE: either the count waits for this vote, or this
            # vote sees the result it came too late for.
            if ElectionResult.objects.filter(election_id=election.pk).exists():
                raise NotOpen(
                    _("Voting has closed and the result is published. No more votes are accepted."),
                    code="closed",
                )
            Ballot.objects.create(election_id=election.pk, marks=marks)
    except IntegrityError:
        # The same person voting twice at once: the roll's unique constraint let one in.
        voted_on = has_voted(user, election)
        raise (_already_voted(voted_on) if voted_on else AlreadyVoted()) from None
