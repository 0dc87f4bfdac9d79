"""Counting (计票): the quorum, the pass threshold (an equal share is not a pass), what a
pass leads to, and that counting twice changes nothing."""

from datetime import timedelta

import pytest
from wagtail.models import ModelLogEntry

from forums.models import Topic
from governance.models import Event
from notifications.models import Notification
from polls.models import ActionItem, ActionStatus, DeliberationStatus, Outcome
from polls.services.deliberations import (
    advance_deliberations,
    cast_deliberation_vote,
    conclude_deliberation,
    deliberation_phase,
    outcome_of,
)

from ..conftest import make_resident
from .conftest import scheduled_in_phase


@pytest.mark.parametrize(
    ("votes", "quorum", "threshold", "expected"),
    [
        ((1, 0, 0), 2, 50, Outcome.NO_QUORUM),
        ((0, 0, 2), 2, 50, Outcome.FAILED),  # abstentions make the quorum, not a pass
        ((2, 2, 0), 2, 50, Outcome.FAILED),  # an equal share is NOT a pass
        ((3, 2, 0), 2, 50, Outcome.PASSED),
        ((3, 1, 5), 2, 75, Outcome.FAILED),  # exactly 75 %: not more than the threshold
        ((4, 1, 0), 2, 75, Outcome.PASSED),  # 80 %
        ((1, 2, 0), 3, 50, Outcome.FAILED),
    ],
)
def test_the_outcome_rules(votes, quorum, threshold, expected):
    assert outcome_of(*votes, quorum, threshold) == expected


@pytest.fixture
def voting(open_to_residents, resident_a, editor_a):
    return scheduled_in_phase(resident_a, editor_a, open_to_residents, "voting", quorum=3)


def _cast(deliberation, community, verifier, positions):
    voters = []
    for n, position in enumerate(positions):
        voter = make_resident(community, verifier, username=f"voter-{n}")
        cast_deliberation_vote(voter, deliberation, position)
        voters.append(voter)
    return voters


def test_below_the_quorum_there_is_no_result(voting, community_a, editor_a):
    _cast(voting, community_a, editor_a, ["for", "for"])
    done = conclude_deliberation(voting, now=voting.voting_closes_at)
    assert done.outcome == Outcome.NO_QUORUM
    assert (done.votes_for, done.votes_against, done.votes_abstain) == (2, 0, 0)
    assert not ActionItem.objects.exists()


def test_a_tie_fails(voting, community_a, editor_a):
    _cast(voting, community_a, editor_a, ["for", "against", "for", "against", "abstain"])
    done = conclude_deliberation(voting, now=voting.voting_closes_at)
    assert done.outcome == Outcome.FAILED
    assert not ActionItem.objects.exists() and not Event.objects.exists()


def test_a_pass_opens_an_action_item_and_tells_proposer_and_voters(
    voting, community_a, editor_a, resident_a
):
    voters = _cast(voting, community_a, editor_a, ["for", "for", "against"])
    done = conclude_deliberation(voting, now=voting.voting_closes_at)
    assert done.status == DeliberationStatus.CONCLUDED and done.outcome == Outcome.PASSED
    item = ActionItem.objects.get()
    assert item.deliberation == done and item.status == ActionStatus.OPEN
    assert item.community == community_a
    told = set(Notification.objects.filter(kind="polls").values_list("user", flat=True))
    assert {resident_a.pk, *(v.pk for v in voters)} <= told
    assert Topic.objects.get(pk=done.topic_id).is_locked
    assert ModelLogEntry.objects.filter(action="jiayuan.deliberation_conclude").count() == 1


def test_concluding_twice_or_early_changes_nothing(voting, community_a, editor_a):
    _cast(voting, community_a, editor_a, ["for", "for", "for"])
    early = conclude_deliberation(voting, now=voting.voting_closes_at - timedelta(seconds=1))
    assert early.status == DeliberationStatus.SCHEDULED
    conclude_deliberation(voting, now=voting.voting_closes_at)
    notices = Notification.objects.count()
    again = conclude_deliberation(voting, now=voting.voting_closes_at + timedelta(days=1))
    assert again.outcome == Outcome.PASSED
    assert ActionItem.objects.count() == 1 and Notification.objects.count() == notices
    assert ModelLogEntry.objects.filter(action="jiayuan.deliberation_conclude").count() == 1


def test_advancing_locks_discussions_whose_voting_opened_and_counts_those_due(
    open_to_residents, resident_a, editor_a
):
    voting = scheduled_in_phase(resident_a, editor_a, open_to_residents, "voting")
    discussing = scheduled_in_phase(resident_a, editor_a, open_to_residents, "discussion")
    closed = scheduled_in_phase(resident_a, editor_a, open_to_residents, "closed")

    counts = advance_deliberations()

    assert counts["locked"] == 2 and counts["concluded"] == 1 and counts["failed"] == 0
    assert Topic.objects.get(pk=voting.topic_id).is_locked
    assert not Topic.objects.get(pk=discussing.topic_id).is_locked
    closed.refresh_from_db()
    assert closed.status == DeliberationStatus.CONCLUDED and closed.outcome == Outcome.NO_QUORUM
    assert advance_deliberations()["concluded"] == 0  # nothing left to do


def test_the_phases(open_to_residents, resident_a, editor_a, proposal_a):
    assert deliberation_phase(proposal_a) == "submitted"
    for phase, expected in [("upcoming", "upcoming"), ("discussion", "discussion"),
                            ("voting", "voting"), ("closed", "concluded")]:  # fmt: skip
        made = scheduled_in_phase(resident_a, editor_a, open_to_residents, phase)
        assert deliberation_phase(made) == expected
    assert deliberation_phase(made, now=made.voting_opens_at - timedelta(seconds=1)) == "discussion"
