"""Factories of the polls app (elections, 民主选举)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from polls.models import Candidate, Election

__all__ = ["CandidateFactory", "ElectionFactory", "open_election"]


class ElectionFactory(DjangoModelFactory):
    """A published election, open from an hour ago for a week, with no candidates."""

    class Meta:
        model = Election

    title = factory.Sequence(lambda n: f"第{n}届居民代表选举")
    description = "选出居民代表，任期三年。"
    seats = 1
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    is_published = True


class CandidateFactory(DjangoModelFactory):
    class Meta:
        model = Candidate

    election = factory.SubFactory(ElectionFactory)
    name = factory.Sequence(lambda n: f"候选人{n}")
    statement = "为大家服务。"
    sort_order = factory.Sequence(lambda n: n)


def open_election(community, names: list[str], *, seats: int = 1, **kwargs) -> Election:
    """A published, open election of ``community`` with candidates called ``names``."""
    election = ElectionFactory(community=community, seats=seats, **kwargs)
    for order, name in enumerate(names):
        CandidateFactory(election=election, name=name, sort_order=order)
    return election
