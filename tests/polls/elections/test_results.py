"""The result (选举结果): counted and shown only after voting closes, with a SHA-256 checksum
over the anonymous ballots that anyone can recompute; any later change to a ballot shows."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from polls.models import Ballot, ElectionResult, VoterRollEntry
from polls.services.common import NotOpen
from polls.services.elections import (
    ResultRefused,
    ballot_checksum,
    ballots_text,
    cast_ballot,
    publish_due_results,
    publish_result,
    verify_result,
)
from tests.conftest import assert_accessible_basics, host_of, said
from tests.polls.conftest import make_resident

from .conftest import election_url, fetch_ballots, ids

pytestmark = pytest.mark.django_db


def vote(election, community, editor, choices: list[list[int]]) -> None:
    """Each of ``choices`` cast by a new verified resident, while the election is open."""
    for number, choice in enumerate(choices):
        voter = make_resident(community, editor, username=f"voter-{election.pk}-{number}")
        cast_ballot(voter, election, choice, now=election.opens_at + timedelta(minutes=1))


def after(election):
    return election.closes_at + timedelta(minutes=1)


def test_the_result_counts_each_ballot_and_elects_the_top_seats(election, community_a, editor_a):
    a, b, c = ids(election)  # two seats
    vote(election, community_a, editor_a, [[a, b], [a], [b, c], [a, c], [a]])
    result = publish_result(election, actor=editor_a, now=after(election))
    assert result.counts == {str(a): 4, str(b): 2, str(c): 2}
    assert result.ballot_count == result.roll_count == 5
    assert result.elected == [a] and result.tied == [b, c]  # b and c tie for the second seat
    assert (
        result.checksum
        == ballot_checksum(election)
        == hashlib.sha256(ballots_text(election).encode()).hexdigest()
    )
    entry = ModelLogEntry.objects.get(action="jiayuan.election_publish")
    assert entry.user == editor_a
    assert entry.data == {"ballots": 5, "roll": 5, "checksum": result.checksum}
    assert publish_result(election, now=after(election)) == result  # idempotent
    assert ElectionResult.objects.count() == 1


def test_a_clear_winner_takes_the_seat(closed_election, community_a, editor_a):
    a, b, c = ids(closed_election)  # one seat
    closed_election.closes_at = timezone.now() + timedelta(days=1)
    closed_election.save()
    vote(closed_election, community_a, editor_a, [[b], [b], [a]])
    result = publish_result(closed_election, now=after(closed_election))
    assert result.elected == [b] and result.tied == []
    assert result.counts[str(c)] == 0


def test_the_ballots_text_is_canonical(election, community_a, editor_a):
    a, b, c = ids(election)
    vote(election, community_a, editor_a, [[c, a], [b]])
    lines = ballots_text(election).split("\n")
    assert lines[0] == f"jiayuan-ballots v1 election={election.pk}"
    assert lines[-1] == ""  # a trailing newline
    body = lines[1:-1]
    assert body == sorted(body) and len(body) == 2
    marks = sorted(line.split(" ")[1] for line in body)
    assert marks == sorted([f"{a},{c}", f"{b}"])
    for line in body:
        uuid.UUID(line.split(" ")[0])


def test_no_result_before_closing(election, community_a, editor_a, client, polls_a):
    a, _b, _c = ids(election)
    vote(election, community_a, editor_a, [[a]])
    with translation.override("en"), pytest.raises(NotOpen) as refusal:
        publish_result(election)
    assert "Results are published only after voting closes" in refusal.value.message
    assert not ElectionResult.objects.exists()
    assert publish_due_results() == 0
    page = client.get(election_url(polls_a, election), **host_of(community_a))
    html = page.content.decode()
    assert 'id="election-result"' not in html and "sha256sum" not in html
    assert "<table" not in html.split("<main")[1]  # no counts
    assert fetch_ballots(polls_a, election) is None


def test_closed_but_unpublished_shows_turnout_not_counts(
    closed_election, client, polls_a, community_a
):
    page = client.get(election_url(polls_a, closed_election), **host_of(community_a))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="election__turnout"' in html
    assert 'id="election-result"' not in html and "<table" not in html.split("<main")[1]
    assert fetch_ballots(polls_a, closed_election) is None


def test_the_published_result_and_its_ballots_file(
    election, community_a, editor_a, client, polls_a
):
    a, b, _c = ids(election)
    vote(election, community_a, editor_a, [[a, b], [a]])
    assert publish_due_results(now=after(election)) == 1
    result = ElectionResult.objects.get()
    page = client.get(election_url(polls_a, election), **host_of(community_a))
    html = page.content.decode()
    assert result.checksum in html and "sha256sum" in html
    assert election_url(polls_a, election, "election_ballots") in html
    assert said("Verified: the ballots stored now give exactly this checksum.") in html
    assert '<th scope="row">孙悟空</th><td>2</td>' in html
    assert_accessible_basics(html)
    ballots = fetch_ballots(polls_a, election)
    assert ballots.status_code == 200 and ballots["Content-Type"].startswith("text/plain")
    assert hashlib.sha256(ballots.content).hexdigest() == result.checksum
    assert publish_due_results(now=after(election)) == 0  # published once


def test_a_ballot_changed_after_publishing_is_detected(
    election, community_a, editor_a, client, polls_a
):
    a, b, c = ids(election)
    vote(election, community_a, editor_a, [[a], [b], [c]])
    publish_result(election, now=after(election))
    assert verify_result(election)
    one = Ballot.objects.filter(election=election, marks=[c]).get()
    Ballot.objects.filter(pk=one.pk).update(marks=[a])
    assert not verify_result(election)
    html = client.get(election_url(polls_a, election), **host_of(community_a)).content.decode()
    assert (
        said(
            "Does not match: the ballots stored now do not give the published checksum. They were "
            "changed after the count."
        )
        in html
    )
    assert said("Verified: the ballots stored now give exactly this checksum.") not in html


def test_a_ballot_added_or_removed_after_publishing_is_detected(election, community_a, editor_a):
    a, b, _c = ids(election)
    vote(election, community_a, editor_a, [[a], [b]])
    publish_result(election, now=after(election))
    extra = Ballot.objects.create(election=election, marks=[a])
    assert not verify_result(election)
    extra.delete()
    assert verify_result(election)
    Ballot.objects.filter(election=election).first().delete()
    assert not verify_result(election)


def test_a_roll_and_ballots_that_disagree_are_not_published(election, community_a, editor_a):
    a, _b, _c = ids(election)
    vote(election, community_a, editor_a, [[a], [a]])
    Ballot.objects.filter(election=election).first().delete()
    with translation.override("en"), pytest.raises(ResultRefused) as refusal:
        publish_result(election, now=after(election))
    assert "2 people are on the voter roll but there are 1 ballots" in refusal.value.message
    assert not ElectionResult.objects.exists()
    assert publish_due_results(now=after(election)) == 0
    assert VoterRollEntry.objects.count() == 2 and Ballot.objects.count() == 1


def test_publishing_rewrites_the_ballots_keeping_ids_and_marks(election, community_a, editor_a):
    """Publishing deletes and re-inserts the ballots in a random order so that not even the
    table's physical row order follows the order of voting (which the roll's order shows).
    Which order the database then returns is not asserted (it may by chance be the same):
    what is checked is that the rows were written again, and that nothing else changed."""
    a, b, c = ids(election)
    vote(election, community_a, editor_a, [[a], [b], [c], [a, b], [b, c]])
    before = {str(pk): marks for pk, marks in Ballot.objects.values_list("id", "marks")}
    text = ballots_text(election)
    from polls.services.elections import results

    real = results.Ballot.objects.bulk_create
    written = []

    def recording(rows, **kwargs):
        written.extend(rows)
        return real(rows, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(results.Ballot.objects, "bulk_create", recording)
        publish_result(election, now=after(election))
    assert sorted(str(row.pk) for row in written) == sorted(before)
    after_rows = {str(pk): marks for pk, marks in Ballot.objects.values_list("id", "marks")}
    assert after_rows == before and ballots_text(election) == text


def test_the_ballots_link_on_the_page_is_served(election, community_a, editor_a, client, polls_a):
    a, _b, _c = ids(election)
    vote(election, community_a, editor_a, [[a]])
    publish_result(election, now=after(election))
    link = election_url(polls_a, election, "election_ballots")
    assert (
        link in client.get(election_url(polls_a, election), **host_of(community_a)).content.decode()
    )
    answer = client.get(link, follow=True, **host_of(community_a))
    assert answer.status_code == 200
    assert hashlib.sha256(answer.content).hexdigest() == ElectionResult.objects.get().checksum
