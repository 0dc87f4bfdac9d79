"""Many votes at the same moment (并发投票): surveys, deliberations and elections each count
every eligible person exactly once, however many submissions race.

PostgreSQL only: there, concurrent transactions really run side by side and the unique
constraints and row locks are what keep the count right; SQLite lets one writer in at a time,
so it cannot show the race. Run with your own database, e.g.
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> .venv/bin/python -m pytest
-p no:randomly tests/polls/test_concurrency.py``.

Each burst starts its threads together at a barrier; each thread uses (and closes) its own
connection. Bursts are at most 20 threads, so that the suite stays well under PostgreSQL's
connection limit on a shared server.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from polls.factories.elections import open_election
from polls.factories.surveys import survey_with_questions
from polls.models import (
    Answer,
    Ballot,
    Deliberation,
    DeliberationStatus,
    DeliberationVote,
    SurveyResponse,
    VoterRollEntry,
)
from polls.services.common import AlreadyVoted
from polls.services.deliberations import cast_deliberation_vote
from polls.services.elections import cast_ballot, publish_result, verify_result
from polls.services.surveys import submit_response
from tests.polls.conftest import make_resident

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: concurrent transactions are what this race tests",
    ),
    # Threads use their own connections, which see only committed data; serialized_rollback
    # restores the migrations' rows (Wagtail's root page) for the tests that run after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VOTERS = 40
BURST = 10  # voters per burst, each submitting twice: 20 threads at once


def race(*calls):
    """Run ``calls`` in threads released together; each call's result or exception, in
    order."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            with translation.override("en"):
                results[index] = call()
        except Exception as error:  # the race's losers are reported, not raised
            results[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def one_accepted(results, accepted=lambda result: not isinstance(result, Exception)):
    """Exactly one result accepted; every other one the clear "already voted" refusal."""
    winners = [r for r in results if accepted(r)]
    losers = [r for r in results if not accepted(r)]
    assert len(winners) == 1, results
    assert all(type(r) is AlreadyVoted for r in losers), losers
    assert all(r.status == 409 and r.message for r in losers)


def voters(community, editor, prefix: str, count: int = VOTERS):
    return [make_resident(community, editor, username=f"{prefix}-{n}") for n in range(count)]


def twice_each(people, submit):
    """Every person submits twice at the same moment, ``BURST`` people per burst."""
    results = []
    for start in range(0, len(people), BURST):
        group = people[start : start + BURST]
        calls = [lambda p=p: submit(p) for p in group for _ in range(2)]
        outcome = race(*calls)
        for index in range(0, len(outcome), 2):
            pair = outcome[index : index + 2]
            one_accepted(pair)
            results.append(pair)
    return results


# Elections (民主选举) -----------------------------------------------------------------------


def test_one_voter_eight_times_at_once_casts_one_ballot(community_a, editor_a):
    election = open_election(community_a, ["甲", "乙", "丙"], seats=2)
    voter = make_resident(community_a, editor_a, username="eager")
    first = election.candidates.order_by("sort_order").first().pk
    results = race(*[lambda: cast_ballot(voter, election, [first])] * 8)
    one_accepted(results, accepted=lambda r: r is None)
    assert VoterRollEntry.objects.filter(election=election).count() == 1
    assert list(Ballot.objects.filter(election=election).values_list("marks", flat=True)) == [
        [first]
    ]


def test_forty_voters_twice_each_are_counted_once_each(community_a, editor_a):
    election = open_election(community_a, ["甲", "乙", "丙"], seats=2)
    a, b, c = election.candidates.order_by("sort_order").values_list("pk", flat=True)
    patterns = [[a], [b], [c], [a, b], [b, c]]
    people = voters(community_a, editor_a, "elector")
    choice = {person.pk: patterns[n % len(patterns)] for n, person in enumerate(people)}
    twice_each(people, lambda p: cast_ballot(p, election, choice[p.pk]))
    assert VoterRollEntry.objects.filter(election=election).count() == VOTERS
    assert set(VoterRollEntry.objects.values_list("voter_id", flat=True)) == {p.pk for p in people}
    ballots = list(Ballot.objects.filter(election=election).values_list("marks", flat=True))
    assert len(ballots) == VOTERS
    expected = Counter(mark for marks in choice.values() for mark in marks)
    assert Counter(mark for marks in ballots for mark in marks) == expected
    result = publish_result(election, now=election.closes_at + timedelta(minutes=1))
    assert result.roll_count == result.ballot_count == VOTERS
    assert result.counts == {str(pk): expected[pk] for pk in (a, b, c)}
    assert verify_result(election)


# Surveys (民意调查) -------------------------------------------------------------------------


def _survey_answers(survey, n: int) -> dict[int, list[int]]:
    single, several, _text = survey.questions.order_by("sort_order")
    return {single.pk: [n % 3], several.pk: [n % 2] if n % 4 else [0, 1]}


def test_one_resident_answering_eight_times_at_once_is_counted_once(community_a, editor_a):
    survey = survey_with_questions(community_a)
    person = make_resident(community_a, editor_a, username="keen")
    answers = _survey_answers(survey, 0)
    results = race(*[lambda: submit_response(person, survey, answers)] * 8)
    one_accepted(results)
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 3  # [0] and [0, 1]


def test_forty_residents_answering_twice_each_are_counted_once_each(community_a, editor_a):
    survey = survey_with_questions(community_a)
    people = voters(community_a, editor_a, "respondent")
    answers = {person.pk: _survey_answers(survey, n) for n, person in enumerate(people)}
    twice_each(people, lambda p: submit_response(p, survey, answers[p.pk]))
    responses = SurveyResponse.objects.filter(survey=survey)
    assert responses.count() == VOTERS
    assert set(responses.values_list("respondent_id", flat=True)) == {p.pk for p in people}
    expected = Counter(
        (question, index)
        for given in answers.values()
        for question, picks in given.items()
        for index in picks
    )
    stored = Counter(
        Answer.objects.filter(response__survey=survey).values_list("question_id", "choice")
    )
    assert stored == expected


# Deliberations (阳光议事) --------------------------------------------------------------------


def _deliberation(community, proposer) -> Deliberation:
    now = timezone.now()
    return Deliberation.objects.create(
        community=community,
        title="东门增设充电桩",
        proposal="建议在东门停车场增设充电桩。",
        proposed_by=proposer,
        proposed_at=now - timedelta(days=3),
        status=DeliberationStatus.SCHEDULED,
        discussion_opens_at=now - timedelta(days=2),
        voting_opens_at=now - timedelta(hours=1),
        voting_closes_at=now + timedelta(days=1),
    )


def test_one_resident_voting_eight_times_at_once_is_counted_once(community_a, editor_a):
    person = make_resident(community_a, editor_a, username="hasty")
    deliberation = _deliberation(community_a, person)
    results = race(*[lambda: cast_deliberation_vote(person, deliberation, "for")] * 8)
    one_accepted(results)
    assert DeliberationVote.objects.filter(deliberation=deliberation).count() == 1


def test_forty_residents_voting_twice_each_are_counted_once_each(community_a, editor_a):
    people = voters(community_a, editor_a, "citizen")
    deliberation = _deliberation(community_a, people[0])
    positions = ["for", "against", "abstain", "for"]
    chosen = {person.pk: positions[n % len(positions)] for n, person in enumerate(people)}
    twice_each(people, lambda p: cast_deliberation_vote(p, deliberation, chosen[p.pk]))
    votes = DeliberationVote.objects.filter(deliberation=deliberation)
    assert votes.count() == VOTERS
    assert set(votes.values_list("voter_id", flat=True)) == {p.pk for p in people}
    assert Counter(votes.values_list("position", flat=True)) == Counter(chosen.values())
