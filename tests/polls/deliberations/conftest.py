"""Fixtures of the deliberations suite (阳光议事): a community that takes residents'
proposals, an event category, the community's dispatcher, and the admin client."""

from datetime import datetime

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from communities.models import CommunitySettings
from governance.factories import CategoryFactory, DepartmentFactory, dispatcher
from polls.models import Deliberation
from polls.services.deliberations import propose_deliberation

from ..conftest import poll_page, route_url


def allow_proposals(community, allowed: bool = True) -> None:
    settings = CommunitySettings.for_site(community.site)
    settings.residents_may_propose = allowed
    settings.save()


def en(text: str, **params) -> str:
    """``text`` as the English admin shows it in HTML."""
    with translation.override("en"):
        return escape(text % params if params else text)


def local(moment: datetime) -> str:
    """A moment as a datetime-local field takes it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def page_url(community, deliberation: Deliberation, route: str = "deliberation") -> str:
    return route_url(poll_page(community), route, deliberation_id=deliberation.pk)


@pytest.fixture
def open_to_residents(community_a):
    allow_proposals(community_a)
    return community_a


@pytest.fixture
def category(db):
    department = DepartmentFactory(code="housing", name="住房和建设局")
    return CategoryFactory(code="h-ev-charging", name="充电设施", department=department)


@pytest.fixture
def dispatcher_a(community_a):
    return dispatcher(community_a)


@pytest.fixture
def proposal_a(open_to_residents, resident_a):
    return propose_deliberation(
        resident_a, open_to_residents, title="东门加装充电桩", proposal="建议在东门加装六个充电桩。"
    )


PHASE_DATES = {
    # discussion opens, voting opens, voting closes: hours from now
    "upcoming": (24, 48, 72),
    "discussion": (-1, 24, 48),
    "voting": (-48, -1, 24),
    "closed": (-72, -48, -1),
}


def scheduled_in_phase(proposer, editor, community, phase: str, **settings) -> Deliberation:
    """Proposed and scheduled through the services (with its forum topic), dated so that
    now falls in ``phase``: the test moves time by choosing dates, never by sleeping."""
    from datetime import timedelta

    from polls.services.deliberations import schedule_deliberation

    now = timezone.now()
    opens, voting, closes = (now + timedelta(hours=h) for h in PHASE_DATES[phase])
    proposal = propose_deliberation(
        proposer, community, title="东门加装充电桩", proposal="建议在东门加装六个充电桩。",
        now=opens - timedelta(days=1),
    )  # fmt: skip
    rules = {"quorum": 2, "pass_threshold": 50, "who_may_vote": "residents",
             "outcome_kind": "action", "category": None, **settings}  # fmt: skip
    return schedule_deliberation(
        editor, proposal, discussion_opens_at=opens, voting_opens_at=voting,
        voting_closes_at=closes, now=opens - timedelta(days=1), **rules,
    )  # fmt: skip
