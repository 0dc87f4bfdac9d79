"""Counting and publishing an election's result (选举结果) with a checksum anyone can check."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
from collections import Counter
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import User
from polls.models import Ballot, Candidate, Election, ElectionResult, VoterRollEntry
from polls.services.common import NotOpen, Phase, PollError, phase_of

__all__ = [
    "PUBLISH_ACTION",
    "ResultRefused",
    "ballot_checksum",
    "ballots_text",
    "publish_due_results",
    "publish_result",
    "result_of",
    "verify_result",
]

logger = logging.getLogger(__name__)

PUBLISH_ACTION = "jiayuan.election_publish"


class ResultRefused(PollError):
    """The roll and the ballots disagree: something is badly wrong, nothing is published."""

    status = 409


def result_of(election: Election) -> ElectionResult | None:
    """The published result, or None before it is published."""
    return ElectionResult.objects.filter(election_id=election.pk).first()


def _marks_text(marks) -> str:
    try:
        return ",".join(str(mark) for mark in sorted(int(mark) for mark in marks))
    except (TypeError, ValueError):
        # A ballot altered into something that is not a list of ids still gets a line (and
        # so changes the checksum) rather than breaking the page.
        return json.dumps(marks, sort_keys=True, ensure_ascii=True)


def ballots_text(election: Election) -> str:
    """The ballots, canonically: a header line, then "<uuid> <sorted ids>" per ballot, sorted
    by the ballot's random id (so in no order that says anything about the voters)."""
    rows = sorted(
        (str(ballot_id), _marks_text(marks))
        for ballot_id, marks in Ballot.objects.filter(election_id=election.pk).values_list(
            "id", "marks"
        )
    )
    lines = [f"jiayuan-ballots v1 election={election.pk}"]
    lines.extend(f"{ballot_id} {marks}" for ballot_id, marks in rows)
    return "\n".join(lines) + "\n"


def ballot_checksum(election: Election) -> str:
    """SHA-256 (hex) of ``ballots_text``: what ``sha256sum ballots.txt`` prints."""
    return hashlib.sha256(ballots_text(election).encode()).hexdigest()


def verify_result(election: Election) -> bool:
    """Do the ballots still give the published checksum? False when any ballot was changed,
    added or removed since publishing (or nothing is published)."""
    result = result_of(election)
    if result is None:
        return False
    return hmac.compare_digest(ballot_checksum(election), result.checksum)


def _rewrite_in_random_order(election: Election) -> None:
    """Write the ballots again, same ids and marks, in a random order.

    PostgreSQL returns an unordered SELECT roughly in insertion order, which would follow the
    order of voting, and so the order of the roll. After this, not even the table's physical
    order follows it.
    """
    rows = list(Ballot.objects.filter(election_id=election.pk).values_list("id", "marks"))
    random.SystemRandom().shuffle(rows)
    Ballot.objects.filter(election_id=election.pk).delete()
    Ballot.objects.bulk_create(
        [Ballot(id=ballot_id, election_id=election.pk, marks=marks) for ballot_id, marks in rows]
    )


def _seats(counts: dict[int, int], order: list[int], seats: int) -> tuple[list[int], list[int]]:
    """(elected, tied): the ``seats`` candidates with the most votes; when candidates tie at
    the last seat, only those clearly above it are elected and the tied ones are listed."""
    ranked = sorted(order, key=lambda pk: -counts[pk])  # stable: ballot order among equals
    ranked = [pk for pk in ranked if counts[pk] > 0]
    if len(ranked) <= seats:
        return ranked, []
    boundary = counts[ranked[seats - 1]]
    if counts[ranked[seats]] != boundary:
        return ranked[:seats], []
    return (
        [pk for pk in ranked if counts[pk] > boundary],
        [pk for pk in ranked if counts[pk] == boundary],
    )


def publish_result(
    election: Election, *, actor: User | None = None, now: datetime | None = None
) -> ElectionResult:
    """Count the ballots and publish the result (公布结果), once voting has closed.

    Idempotent: a second call returns the published result. Refuses (``ResultRefused``) when
    the roll and the ballots do not number the same.
    """
    now = now or timezone.now()
    if not election.is_published:
        raise NotOpen(_("This election was never published."), code="unpublished")
    if phase_of(election.opens_at, election.closes_at, now) is not Phase.CLOSED:
        raise NotOpen(
            _("Results are published only after voting closes (%(when)s).")
            % {"when": date_format(timezone.localtime(election.closes_at), "DATETIME_FORMAT")},
            code="not_closed",
        )
    with transaction.atomic():
        # Waits for votes still being written (their roll rows hold a key-share lock on it).
        locked = Election.objects.select_for_update().get(pk=election.pk)
        existing = result_of(locked)
        if existing is not None:
            return existing
        roll_count = VoterRollEntry.objects.filter(election_id=locked.pk).count()
        ballot_count = Ballot.objects.filter(election_id=locked.pk).count()
        if roll_count != ballot_count:
            logger.error(
                "Election %s: %s voters on the roll but %s ballots; result not published",
                locked.pk,
                roll_count,
                ballot_count,
            )
            raise ResultRefused(
                _(
                    "The result cannot be published: %(roll)d people are on the voter roll but "
                    "there are %(ballots)d ballots. Ask the platform's administrators to "
                    "investigate."
                )
                % {"roll": roll_count, "ballots": ballot_count},
                code="count_mismatch",
            )
        _rewrite_in_random_order(locked)
        order = list(
            Candidate.objects.filter(election_id=locked.pk)
            .order_by("sort_order", "pk")
            .values_list("pk", flat=True)
        )
        tally = Counter(
            mark
            for marks in Ballot.objects.filter(election_id=locked.pk).values_list(
                "marks", flat=True
            )
            for mark in (marks if isinstance(marks, list) else [])
        )
        counts = {pk: tally.get(pk, 0) for pk in order}
        elected, tied = _seats(counts, order, locked.seats)
        result = ElectionResult.objects.create(
            election=locked,
            published_at=now,
            ballot_count=ballot_count,
            roll_count=roll_count,
            counts={str(pk): n for pk, n in counts.items()},
            elected=elected,
            tied=tied,
            checksum=ballot_checksum(locked),
        )
        log(
            locked,
            PUBLISH_ACTION,
            user=actor,
            data={
                "ballots": ballot_count,
                "roll": roll_count,
                "checksum": result.checksum,
            },
        )
    return result


def publish_due_results(now: datetime | None = None) -> int:
    """Publish the result of every published election that has closed and has none yet (for
    the background task). Returns how many were published; a refusal is logged and skipped."""
    now = now or timezone.now()
    published = 0
    due = Election.objects.filter(is_published=True, closes_at__lte=now, result__isnull=True)
    for election in due.order_by("closes_at", "pk"):
        try:
            publish_result(election, now=now)
        except PollError:
            logger.exception("Election %s: result not published", election.pk)
        else:
            published += 1
    return published
