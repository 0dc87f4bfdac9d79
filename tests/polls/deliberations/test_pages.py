"""The deliberation's routes never answer 500: junk ids, another community's deliberation,
a proposal not public yet, the wrong method."""

import pytest
from django.test import Client

from tests.conftest import host_of

from ..conftest import poll_page
from .conftest import page_url, scheduled_in_phase


@pytest.fixture
def voting(open_to_residents, resident_a, editor_a):
    return scheduled_in_phase(resident_a, editor_a, open_to_residents, "voting")


@pytest.mark.parametrize("route", ["deliberation", "deliberation_vote", "deliberation_comment"])
def test_another_communitys_deliberation_is_not_found(voting, community_b, resident_b, route):
    polls_b = poll_page(community_b)
    path = polls_b.get_url_parts()[2] + polls_b.reverse_subpage(
        route, kwargs={"deliberation_id": voting.pk}
    )
    client = Client()
    client.force_login(resident_b)
    method = client.get if route == "deliberation" else client.post
    assert method(path, {"position": "for", "body": "x"}, **host_of(community_b)).status_code == 404


@pytest.mark.parametrize("junk", ["0", "999999", "99999999999999999999"])
def test_junk_ids_are_not_found(community_a, polls_a, junk, client):
    path = polls_a.get_url_parts()[2] + f"deliberation/{junk}/"
    assert client.get(path, **host_of(community_a)).status_code == 404
    # Unknown before anything else, even signed out: 404, never a 500.
    vote = client.post(path + "vote/", {"position": "for"}, **host_of(community_a))
    assert vote.status_code == 404


def test_a_get_on_the_vote_route_is_a_405(voting, community_a, client):
    assert client.get(page_url(community_a, voting, "deliberation_vote"),
                      **host_of(community_a)).status_code == 405  # fmt: skip


def test_a_waiting_proposal_is_seen_by_its_proposer_and_the_editors_only(
    proposal_a, community_a, resident_a, resident_a2, editor_a
):
    url = page_url(community_a, proposal_a)
    for user, status in ((resident_a2, 404), (resident_a, 200), (editor_a, 200)):
        client = Client()
        client.force_login(user)
        assert client.get(url, **host_of(community_a)).status_code == status
