"""The demo polls, deliberations and elections (polls/data/demo.json) go in through the real
services, once, and the demo resident finds something to answer and vote on."""

import pytest

from accounts.demo import demo_login, ensure_demo_people
from communities.models import CommunitySettings
from forums.models import Reply
from governance.demo import ensure_work_network_staff
from governance.models import EventSource, EventStatus
from governance.services.taxonomy import load_taxonomy
from polls.demo import seed_demo_polls
from polls.models import (
    ActionStatus,
    Deliberation,
    DeliberationStatus,
    DeliberationVote,
    Election,
    Outcome,
    OutcomeKind,
    ResultsShown,
    Survey,
    VoterRollEntry,
)
from polls.services.deliberations import deliberation_phase
from polls.services.elections import result_of, verify_result
from polls.services.surveys import has_answered, survey_results
from tests.conftest import host_of

from .conftest import poll_page, route_url


@pytest.fixture
def seeded(community_a):
    load_taxonomy()
    ensure_demo_people(community_a)
    ensure_work_network_staff(community_a)
    messages: list[str] = []
    made = seed_demo_polls(community_a, say=messages.append)
    return community_a, made, messages


def test_seeding_twice_makes_nothing_the_second_time(seeded):
    community, made, messages = seeded
    assert made == 9  # 2 polls, 5 deliberations, 2 elections
    counts = [
        m.objects.filter(community=community).count() for m in (Survey, Deliberation, Election)
    ]

    assert seed_demo_polls(community, say=messages.append) == 0

    assert [
        m.objects.filter(community=community).count() for m in (Survey, Deliberation, Election)
    ] == counts
    assert messages[-1] == "Polls: demo polls already there."


def test_the_open_poll_has_live_results_the_resident_has_not_answered(seeded, client):
    community, _made, _messages = seeded
    resident = demo_login("resident")
    survey = Survey.objects.get(community=community, results_shown=ResultsShown.LIVE)
    assert survey.responses.count() == 8
    assert has_answered(resident, survey) is None
    assert survey_results(survey).total == 8

    page = client.get(
        route_url(poll_page(community), "survey", survey_id=survey.pk), **host_of(community)
    )

    assert page.status_code == 200
    assert 'id="results"' in page.content.decode()


def test_the_closed_poll_was_answered_while_it_was_open(seeded):
    community, _made, _messages = seeded
    survey = Survey.objects.get(community=community, results_shown=ResultsShown.AFTER_CLOSE)
    assert survey.responses.count() == 10
    assert all(
        survey.opens_at <= at < survey.closes_at
        for at in survey.responses.values_list("submitted_at", flat=True)
    )


def test_every_demo_page_answers(seeded, client):
    community, _made, _messages = seeded
    polls = poll_page(community)
    client.force_login(demo_login("resident"))
    urls = [route_url(polls, "index"), route_url(polls, "propose")]
    urls += [
        route_url(polls, "survey", survey_id=pk)
        for pk in Survey.objects.values_list("pk", flat=True)
    ]
    urls += [
        route_url(polls, "deliberation", deliberation_id=pk)
        for pk in Deliberation.objects.values_list("pk", flat=True)
    ]
    urls += [
        route_url(polls, "election", election_id=pk)
        for pk in Election.objects.values_list("pk", flat=True)
    ]

    statuses = {url: client.get(url, **host_of(community)).status_code for url in urls}

    assert statuses == dict.fromkeys(urls, 200)


def test_the_deliberations_stand_where_the_demo_needs_them(seeded):
    community, _made, _messages = seeded
    found = {d.title: d for d in Deliberation.objects.filter(community=community)}
    phases = sorted(deliberation_phase(d) for d in found.values())
    assert phases == ["concluded", "concluded", "discussion", "submitted", "voting"]

    passed = [d for d in found.values() if d.outcome == Outcome.PASSED]
    event = next(d for d in passed if d.outcome_kind == OutcomeKind.EVENT).event
    assert event.source == EventSource.POLL
    assert event.status == EventStatus.ACCEPTED
    assert event.source_ref.startswith("deliberation:")
    action = next(d for d in passed if d.outcome_kind == OutcomeKind.ACTION).action_item
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.progress_note

    discussing = next(d for d in found.values() if deliberation_phase(d) == "discussion")
    assert Reply.objects.filter(topic=discussing.topic).count() == 3
    waiting = next(d for d in found.values() if d.status == DeliberationStatus.SUBMITTED)
    assert waiting.proposed_by == demo_login("resident")
    assert CommunitySettings.objects.get(site_id=community.site_id).residents_may_propose


def test_the_closed_election_has_a_verified_published_result(seeded):
    community, _made, _messages = seeded
    closed = Election.objects.get(community=community, seats=2)
    result = result_of(closed)

    assert result is not None
    assert result.ballot_count == result.roll_count == 12
    assert len(result.elected) == 2
    assert verify_result(closed)
    open_one = Election.objects.get(community=community, seats=1)
    assert result_of(open_one) is None


def test_the_resident_can_vote_in_the_open_election_and_deliberation(seeded, client):
    community, _made, _messages = seeded
    resident = demo_login("resident")
    polls = poll_page(community)
    client.force_login(resident)
    election = Election.objects.get(community=community, seats=1)
    candidate = election.candidates.order_by("sort_order").first()
    voting = next(
        d
        for d in Deliberation.objects.filter(community=community)
        if deliberation_phase(d) == "voting"
    )
    assert not DeliberationVote.objects.filter(deliberation=voting, voter=resident).exists()

    ballot = client.post(
        route_url(polls, "election_vote", election_id=election.pk),
        {"candidates": [candidate.pk]},
        **host_of(community),
    )
    vote = client.post(
        route_url(polls, "deliberation_vote", deliberation_id=voting.pk),
        {"position": "for"},
        **host_of(community),
    )

    assert ballot.status_code == 302
    assert VoterRollEntry.objects.filter(election=election, voter=resident).exists()
    assert vote.status_code == 302
    assert DeliberationVote.objects.get(deliberation=voting, voter=resident).position == "for"
