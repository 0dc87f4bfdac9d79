"""Elections in the admin (选举管理): editors of a community set one up with its candidates,
follow the roll and publish the result; once anyone voted, the ballot's meaning is locked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polls.models import Candidate, Election, ElectionResult
from polls.services.elections import cast_ballot
from tests.conftest import english_admin_client as admin_client

from .conftest import NAMES, ids

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"polls_elections:{name}", args=args)


def form_data(community, *, names=NAMES, seats=2, existing=(), **overrides) -> dict:
    """The add/edit form as the browser posts it; ``existing`` = the candidates' ids."""
    now = timezone.localtime()
    data = {
        "community": community.pk,
        "title": "居民代表选举",
        "description": "选出两名代表。",
        "seats": seats,
        "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now + timedelta(days=8)).strftime("%Y-%m-%d %H:%M"),
        "is_published": "on",
        "candidates-TOTAL_FORMS": len(names),
        "candidates-INITIAL_FORMS": len(existing),
        "candidates-MIN_NUM_FORMS": 1,
        "candidates-MAX_NUM_FORMS": 1000,
    }
    for index, name in enumerate(names):
        data[f"candidates-{index}-name"] = name
        data[f"candidates-{index}-statement"] = ""
        data[f"candidates-{index}-ORDER"] = index + 1
        data[f"candidates-{index}-id"] = existing[index] if index < len(existing) else ""
    data.update(overrides)
    return data


def edit_data(election, **overrides) -> dict:
    candidates = list(election.candidates.order_by("sort_order"))
    data = form_data(
        election.community,
        names=[c.name for c in candidates],
        seats=election.seats,
        existing=[c.pk for c in candidates],
        opens_at=timezone.localtime(election.opens_at).strftime("%Y-%m-%d %H:%M"),
        closes_at=timezone.localtime(election.closes_at).strftime("%Y-%m-%d %H:%M"),
        title=election.title,
        description=election.description,
    )
    for index, candidate in enumerate(candidates):
        data[f"candidates-{index}-statement"] = candidate.statement
    data.update(overrides)
    return data


def test_an_editor_creates_an_election_with_its_candidates(editor_a, community_a):
    answer = admin_client(editor_a).post(url("add"), form_data(community_a))
    assert answer.status_code == 302, answer.content.decode()[:3000]
    election = Election.objects.get()
    assert election.community == community_a and election.created_by == editor_a
    assert list(election.candidates.order_by("sort_order").values_list("name", flat=True)) == NAMES


def test_closing_before_opening_or_no_candidates_is_refused(editor_a, community_a):
    client = admin_client(editor_a)
    now = timezone.localtime()
    bad = form_data(community_a, closes_at=(now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"))
    answer = client.post(url("add"), bad)
    assert (
        answer.status_code == 200 and "Voting must close after it opens." in answer.content.decode()
    )
    answer = client.post(url("add"), form_data(community_a, names=[]))
    assert answer.status_code == 200
    assert not Election.objects.exists()


def test_an_editor_cannot_use_another_community(editor_a, community_b, election):
    from polls.factories.elections import open_election

    elsewhere = open_election(community_b, ["甲"])
    client = admin_client(editor_a)
    answer = client.post(url("add"), form_data(community_b))
    assert answer.status_code == 200 and Election.objects.count() == 2
    for name in ("edit", "roll", "roll_csv"):
        assert client.get(url(name, elsewhere.pk)).status_code == 404
    assert client.post(url("publish", elsewhere.pk)).status_code == 404
    index = client.get(url("index")).content.decode()
    assert election.title in index and elsewhere.title not in index


def test_a_resident_has_no_access(resident_a, election):
    answer = admin_client(resident_a).get(url("roll", election.pk))
    assert answer.status_code in (302, 403)


def test_before_anyone_voted_the_candidates_can_change(editor_a, election):
    data = edit_data(election, seats=1)
    data["candidates-0-name"] = "孙大圣"
    answer = admin_client(editor_a).post(url("edit", election.pk), data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    election.refresh_from_db()
    assert election.seats == 1
    assert Candidate.objects.filter(election=election, name="孙大圣").exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data.update(seats=3),
        lambda data: data.update({"candidates-0-name": "孙大圣"}),
        lambda data: data.update({"candidates-2-DELETE": "on"}),
        lambda data: data.update(
            {
                "candidates-TOTAL_FORMS": 4,
                "candidates-3-name": "白龙马",
                "candidates-3-statement": "",
                "candidates-3-ORDER": 4,
                "candidates-3-id": "",
            }
        ),
    ],
)
def test_once_someone_voted_seats_and_candidates_are_locked(editor_a, election, resident_a, change):
    cast_ballot(resident_a, election, ids(election)[:1])
    before = (list(Candidate.objects.values_list("pk", "name")), election.seats)
    data = edit_data(election)
    change(data)
    answer = admin_client(editor_a).post(url("edit", election.pk), data)
    assert answer.status_code == 200
    assert "People have voted already" in answer.content.decode()
    election.refresh_from_db()
    assert (list(Candidate.objects.values_list("pk", "name")), election.seats) == before


def test_once_someone_voted_the_closing_time_may_still_move(editor_a, election, resident_a):
    cast_ballot(resident_a, election, ids(election)[:1])
    before_opens = election.opens_at
    later = timezone.localtime(election.closes_at + timedelta(days=2))
    data = edit_data(election, closes_at=later.strftime("%Y-%m-%d %H:%M"))
    answer = admin_client(editor_a).post(url("edit", election.pk), data)
    assert answer.status_code == 302
    election.refresh_from_db()
    assert timezone.localtime(election.closes_at).date() == later.date()
    assert election.opens_at == before_opens  # untouched, to the second


def test_the_result_is_published_from_the_roll_after_closing(editor_a, closed_election, election):
    client = admin_client(editor_a)
    roll = client.get(url("roll", closed_election.pk)).content.decode()
    assert url("publish", closed_election.pk) in roll
    answer = client.post(url("publish", closed_election.pk), follow=True)
    assert answer.status_code == 200
    result = ElectionResult.objects.get(election=closed_election)
    assert result.checksum in answer.content.decode()
    # An open election has no button, and a forced request is refused with the reason.
    assert url("publish", election.pk) not in client.get(url("roll", election.pk)).content.decode()
    answer = client.post(url("publish", election.pk), follow=True)
    assert "Results are published only after voting closes" in answer.content.decode()
    assert not ElectionResult.objects.filter(election=election).exists()
    assert client.get(url("publish", closed_election.pk)).status_code == 405
