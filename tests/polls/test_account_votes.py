"""My account → My votes (我的投票) and the votes in the data export: the polls a person
answered, their deliberation votes, the elections they voted in — never whom they chose."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import get_kind
from polls.factories import open_election, survey_with_questions
from polls.models import Deliberation, DeliberationStatus
from polls.services.deliberations import cast_deliberation_vote
from polls.services.elections import cast_ballot
from polls.services.surveys import submit_response
from tests.conftest import host_of, shown
from tests.polls.conftest import route_url
from tests.polls.surveys.conftest import good_answers

pytestmark = pytest.mark.django_db

CANDIDATES = ["孙悟空", "猪八戒"]


@pytest.fixture
def voting_deliberation(community_a, editor_a):
    now = timezone.now()
    return Deliberation.objects.create(
        community=community_a,
        title="东门增设快递柜",
        proposal="东门缺快递柜。",
        proposed_by=editor_a,
        proposed_at=now - timedelta(days=5),
        status=DeliberationStatus.SCHEDULED,
        discussion_opens_at=now - timedelta(days=3),
        voting_opens_at=now - timedelta(days=1),
        voting_closes_at=now + timedelta(days=1),
    )


@pytest.fixture
def took_part(community_a, resident_a, voting_deliberation):
    """resident_a answered a poll, voted against a deliberation and voted in an election."""
    survey = survey_with_questions(community_a, title="停车管理调查")
    submit_response(resident_a, survey, good_answers(survey, text="东门晚上太黑。"))
    cast_deliberation_vote(resident_a, voting_deliberation, "against")
    election = open_election(community_a, CANDIDATES, title="第一届居民代表选举")
    cast_ballot(resident_a, election, [election.candidates.get(name="猪八戒").pk])
    return survey, voting_deliberation, election


def votes_section(client, community) -> str:
    html = client.get("/accounts/me/", **host_of(community)).content.decode()
    start = html.index('id="account-votes"')
    return html[start : html.index("</section>", start)]


def test_my_votes_lists_what_i_took_part_in_with_links(client, community_a, polls_a, resident_a,
                                                      took_part):  # fmt: skip
    survey, deliberation, election = took_part
    client.force_login(resident_a)
    section = votes_section(client, community_a)
    assert shown("Opinion poll: %(title)s", title="停车管理调查") in section
    assert shown("Deliberation: %(title)s", title="东门增设快递柜") in section
    assert shown("Election: %(title)s", title="第一届居民代表选举") in section
    tags = re.findall(r'<span class="tag">([^<]*)</span>', section)
    assert sorted(tags) == sorted([shown("Answered"), shown("Voted against"), shown("Voted")])
    for route, kwargs in (
        ("survey", {"survey_id": survey.pk}),
        ("deliberation", {"deliberation_id": deliberation.pk}),
        ("election", {"election_id": election.pk}),
    ):
        href = re.search(rf'href="(http[^"]*{re.escape(route_url(polls_a, route, **kwargs))})"',
                         section)  # fmt: skip
        assert href and community_a.hostname in href.group(1), route
    assert timezone.localdate().isoformat() in section
    assert shown("You have not voted in any poll yet.") not in section


def test_my_votes_never_shows_whom_i_chose_in_an_election(
    client, community_a, resident_a, took_part
):
    client.force_login(resident_a)
    html = client.get("/accounts/me/", **host_of(community_a)).content.decode()
    for name in CANDIDATES:
        assert name not in html
    data = json.loads(client.post(reverse("account_data_export"), **host_of(community_a)).content)
    exported = json.dumps(data["votes"], ensure_ascii=False)
    for name in CANDIDATES:
        assert name not in exported
    assert data["votes"]["elections_voted_in"] == [
        {
            "community": community_a.name,
            "election": "第一届居民代表选举",
            "voted_on": timezone.localdate().isoformat(),
        }
    ]


def test_my_votes_is_mine_only(client, community_a, resident_a2, took_part):
    client.force_login(resident_a2)
    section = votes_section(client, community_a)
    assert "停车管理调查" not in section and "东门增设快递柜" not in section
    assert shown("You have not voted in any poll yet.") in section


def test_my_votes_works_from_another_communitys_site(client, community_b, resident_a, took_part):
    client.force_login(resident_a)
    section = votes_section(client, community_b)
    assert "停车管理调查" in section
    assert community_b.hostname not in section  # the links go to community_a's own site


def test_the_export_holds_my_answers_and_my_deliberation_votes(
    client, community_a, resident_a, took_part
):
    client.force_login(resident_a)
    data = json.loads(client.post(reverse("account_data_export"), **host_of(community_a)).content)
    votes = data["votes"]
    [poll] = votes["poll_answers"]
    assert poll["poll"] == "停车管理调查" and poll["community"] == community_a.name
    assert [a["choice"] for a in poll["answers"]] == ["支持", "监控", None]
    assert poll["answers"][2]["text"] == "东门晚上太黑。"
    assert [(v["deliberation"], v["vote"]) for v in votes["deliberation_votes"]] == [
        ("东门增设快递柜", "against")
    ]


def test_the_polls_notification_kind_is_registered_off_by_email():
    kind = get_kind("polls")
    assert kind.email_default is False
    assert str(kind.label) and str(kind.description)
