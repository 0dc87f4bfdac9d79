"""Factories of the deliberations (阳光议事), for tests, the demo and benchmarks.

``DeliberationFactory`` makes a proposal waiting for the office (SUBMITTED).
``deliberation_in_phase`` makes a scheduled one whose dates put ``now`` in the discussion,
the voting or after voting closed, so a test moves time by choosing the phase rather than
by sleeping. Scheduling through the service (with its forum topic) is what
``schedule_deliberation`` does; these skip it for speed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from accounts.factories import UserFactory
from communities.models import Community, Participation
from polls.models import Deliberation, DeliberationStatus, OutcomeKind

__all__ = ["DeliberationFactory", "deliberation_in_phase"]


class DeliberationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliberation

    title = factory.Sequence(lambda n: f"在小区东门加装充电桩（{n}）")
    proposal = "东门停车区晚上常常没有地方充电，建议加装六个充电桩，由物业统一管理。"
    proposed_by = factory.SubFactory(UserFactory)
    proposed_at = factory.LazyFunction(timezone.now)
    status = DeliberationStatus.SUBMITTED


PHASES = ("upcoming", "discussion", "voting", "closed")


def deliberation_in_phase(
    community: Community,
    phase: str,
    *,
    now: datetime | None = None,
    quorum: int = 2,
    pass_threshold: int = 50,
    who_may_vote: str = Participation.RESIDENTS,
    outcome_kind: str = OutcomeKind.ACTION,
    **fields,
) -> Deliberation:
    """A SCHEDULED deliberation of ``community`` whose dates put ``now`` in ``phase``
    ("upcoming", "discussion", "voting" or "closed": voting over, not yet counted)."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}")
    now = now or timezone.now()
    day = timedelta(days=1)
    # discussion opens, voting opens, voting closes: day by day around ``now``.
    offset = {"upcoming": 1, "discussion": 0, "voting": -1, "closed": -2}[phase]
    start = now + offset * day - timedelta(hours=1) * (offset <= 0)
    return DeliberationFactory(
        community=community,
        status=DeliberationStatus.SCHEDULED,
        discussion_opens_at=start,
        voting_opens_at=start + day,
        voting_closes_at=start + 2 * day,
        quorum=quorum,
        pass_threshold=pass_threshold,
        who_may_vote=who_may_vote,
        outcome_kind=outcome_kind,
        **fields,
    )
