"""The polls page (民意议事): polls, deliberations and elections by phase, only the community's
published ones, a resident's own proposal only for them, the propose link by the rule."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import CommunitySettings
from polls.factories import ElectionFactory, SurveyFactory
from polls.models import Deliberation, DeliberationStatus, Outcome, SurveyResponse
from polls.services.deliberations import propose_deliberation
from polls.services.listing import CLOSED_SHOWN, poll_listing
from polls.views.index import poll_index
from tests.conftest import assert_accessible_basics, host_of, said, shown
from tests.polls.conftest import route_url

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def window(phase: str) -> dict:
    """opens_at / closes_at that put a poll or election in ``phase`` now."""
    now = timezone.now()
    return {
        "open": {"opens_at": now - DAY, "closes_at": now + DAY},
        "upcoming": {"opens_at": now + DAY, "closes_at": now + 3 * DAY},
        "closed": {"opens_at": now - 3 * DAY, "closes_at": now - DAY},
    }[phase]


def deliberation(community, proposer, title: str, stage: str, **kwargs) -> Deliberation:
    """A deliberation of ``community`` at ``stage``: upcoming, discussion, voting, concluded
    (scheduled, with dates around now) or submitted / rejected (no dates)."""
    now = timezone.now()
    dates = {
        "upcoming": (now + DAY, now + 2 * DAY, now + 3 * DAY),
        "discussion": (now - DAY, now + DAY, now + 2 * DAY),
        "voting": (now - 2 * DAY, now - DAY, now + DAY),
        "concluded": (now - 4 * DAY, now - 3 * DAY, now - 2 * DAY),
    }.get(stage, (None, None, None))
    status = {
        "submitted": DeliberationStatus.SUBMITTED,
        "rejected": DeliberationStatus.REJECTED,
        "concluded": DeliberationStatus.CONCLUDED,
    }.get(stage, DeliberationStatus.SCHEDULED)
    fields = {
        "community": community,
        "title": title,
        "proposal": "在东门增设一处快递柜。",
        "proposed_by": proposer,
        "proposed_at": now - 5 * DAY,
        "status": status,
        "discussion_opens_at": dates[0],
        "voting_opens_at": dates[1],
        "voting_closes_at": dates[2],
    }
    if stage == "concluded":
        fields.update(outcome=Outcome.PASSED, concluded_at=now - DAY, votes_for=12)
    return Deliberation.objects.create(**{**fields, **kwargs})


def get(client, polls, community, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(route_url(polls, "index"), **host_of(community))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, code: str) -> str:
    match = re.search(
        rf'<section class="polls-section[^"]*" id="polls-{code}".*?</section>', html, re.S
    )
    assert match, code
    return match.group(0)


def listed(html: str, code: str) -> dict[str, list[str]]:
    """Titles listed in section ``code``, by group (open, upcoming, closed, waiting)."""
    groups = re.findall(r'<ul class="item-list polls-list polls-list--(\w+)">(.*?)</ul>',
                        section(html, code), re.S)  # fmt: skip
    return {
        key: re.findall(r'class="polls-item__title" href="[^"]+">([^<]+)</a>', body)
        for key, body in groups
    }


def links(html: str, code: str) -> list[str]:
    return re.findall(r'class="polls-item__title" href="([^"]+)"', section(html, code))


def allow_proposals(community, allowed: bool = True) -> None:
    site_settings = CommunitySettings.for_site(community.site)
    site_settings.residents_may_propose = allowed
    site_settings.save()


# Listing by phase --------------------------------------------------------------------------


def test_polls_are_listed_by_phase_with_links_to_their_pages(client, community_a, polls_a):
    surveys = {p: SurveyFactory(community=community_a, title=f"{p}调查", **window(p))
               for p in ("open", "upcoming", "closed")}  # fmt: skip
    html = get(client, polls_a, community_a)
    assert listed(html, "surveys") == {"open": ["open调查"], "upcoming": ["upcoming调查"],
                                       "closed": ["closed调查"]}  # fmt: skip
    expected = [route_url(polls_a, "survey", survey_id=surveys[p].pk)
                for p in ("open", "upcoming", "closed")]  # fmt: skip
    assert links(html, "surveys") == expected
    assert shown("Open") in section(html, "surveys")
    assert_accessible_basics(html)


def test_elections_are_listed_by_phase(client, community_a, polls_a):
    elections = {p: ElectionFactory(community=community_a, title=f"{p}选举", **window(p))
                 for p in ("open", "upcoming", "closed")}  # fmt: skip
    html = get(client, polls_a, community_a)
    assert listed(html, "elections") == {"open": ["open选举"], "upcoming": ["upcoming选举"],
                                         "closed": ["closed选举"]}  # fmt: skip
    assert route_url(polls_a, "election", election_id=elections["open"].pk) in links(
        html, "elections"
    )


def test_deliberations_are_listed_by_stage(client, community_a, polls_a, editor_a):
    for stage in ("upcoming", "discussion", "voting", "concluded"):
        deliberation(community_a, editor_a, f"{stage}议题", stage)
    html = get(client, polls_a, community_a)
    assert listed(html, "deliberations") == {
        "open": ["voting议题", "discussion议题"],  # the one closing soonest first
        "upcoming": ["upcoming议题"],
        "closed": ["concluded议题"],
    }
    part = section(html, "deliberations")
    for label in ("Under discussion", "Voting", "Upcoming", "Concluded", "Passed"):
        assert shown(label) in part


def test_empty_sections_say_so(client, community_a, polls_a):
    html = get(client, polls_a, community_a)
    for code, empty in (("surveys", "No opinion polls yet."),
                        ("deliberations", "No deliberations yet."),
                        ("elections", "No elections yet.")):  # fmt: skip
        assert shown(empty) in section(html, code)


# What is never shown -----------------------------------------------------------------------


def test_drafts_and_other_communities_items_are_never_shown(
    client, community_a, community_b, polls_a, editor_a, editor_b
):
    SurveyFactory(community=community_a, title="草稿调查", is_published=False)
    ElectionFactory(community=community_a, title="草稿选举", is_published=False)
    SurveyFactory(community=community_b, title="别人的调查")
    ElectionFactory(community=community_b, title="别人的选举")
    deliberation(community_b, editor_b, "别人的议题", "voting")
    deliberation(community_a, editor_a, "等待中的议题", "submitted")
    SurveyFactory(community=community_a, title="我们的调查")
    for user in (None, editor_a):  # not even the editors: drafts live in the admin
        html = get(client, polls_a, community_a, user)
        for title in ("草稿调查", "草稿选举", "别人的调查", "别人的选举", "别人的议题"):
            assert title not in html
        assert "我们的调查" in html
    client.logout()
    assert "等待中的议题" not in get(client, polls_a, community_a)


def test_a_residents_waiting_proposal_is_shown_only_to_them(
    client, community_a, polls_a, resident_a, resident_a2
):
    allow_proposals(community_a)
    propose_deliberation(resident_a, community_a, title="增设快递柜", proposal="东门缺快递柜。")
    mine = get(client, polls_a, community_a, resident_a)
    assert listed(mine, "deliberations") == {"waiting": ["增设快递柜"]}
    assert shown("Waiting for the community office") in mine
    client.logout()
    assert "增设快递柜" not in get(client, polls_a, community_a)
    assert "增设快递柜" not in get(client, polls_a, community_a, resident_a2)


def test_a_declined_proposal_is_listed_as_closed_for_its_proposer_only(
    client, community_a, polls_a, resident_a, resident_a2
):
    deliberation(community_a, resident_a, "不予立项的议题", "rejected", rejection_reason="重复")
    html = get(client, polls_a, community_a, resident_a)
    assert listed(html, "deliberations") == {"closed": ["不予立项的议题"]}
    assert shown("Not taken up") in html
    assert "不予立项的议题" not in get(client, polls_a, community_a, resident_a2)


# The propose link --------------------------------------------------------------------------


def propose_link(html: str) -> bool:
    return 'href="' + "/polls/deliberation/propose/" + '"' in html


def test_the_propose_link_follows_the_rule(
    client, community_a, polls_a, resident_a, signed_in_user, editor_a
):
    allow_proposals(community_a, False)
    assert not propose_link(get(client, polls_a, community_a, resident_a))
    assert propose_link(get(client, polls_a, community_a, editor_a))  # editors always may
    allow_proposals(community_a, True)
    assert propose_link(get(client, polls_a, community_a, resident_a))
    not_resident = get(client, polls_a, community_a, signed_in_user)
    assert not propose_link(not_resident)
    assert shown("Become a verified resident") in not_resident
    client.logout()
    assert not propose_link(get(client, polls_a, community_a))


def test_the_propose_link_points_at_the_propose_route(client, community_a, polls_a, editor_a):
    html = get(client, polls_a, community_a, editor_a)
    assert f'href="{route_url(polls_a, "propose")}"' in html


# Taking part, the cap on closed items, queries ------------------------------------------


def test_the_visitor_sees_where_they_took_part(client, community_a, polls_a, resident_a):
    survey = SurveyFactory(community=community_a, title="已答的调查")
    SurveyFactory(community=community_a, title="未答的调查")
    SurveyResponse.objects.create(survey=survey, respondent=resident_a,
                                  submitted_at=timezone.now())  # fmt: skip
    html = get(client, polls_a, community_a, resident_a)
    assert html.count(shown("You answered")) == 1
    client.logout()
    assert shown("You answered") not in get(client, polls_a, community_a)


def test_closed_items_are_capped_with_a_note(community_a):
    now = timezone.now()
    for n in range(CLOSED_SHOWN + 2):
        SurveyFactory(community=community_a, title=f"旧调查{n}", opens_at=now - (n + 9) * DAY,
                      closes_at=now - (n + 2) * DAY)  # fmt: skip
    listing = poll_listing(community_a, None)
    assert len(listing.surveys.closed) == CLOSED_SHOWN
    assert listing.surveys.closed_total == CLOSED_SHOWN + 2
    assert listing.surveys.closed_hidden == 2
    assert [item.title for item in listing.surveys.closed[:2]] == ["旧调查0", "旧调查1"]


def test_the_note_on_hidden_closed_items_is_shown(client, community_a, polls_a):
    now = timezone.now()
    for n in range(CLOSED_SHOWN + 1):
        SurveyFactory(community=community_a, opens_at=now - (n + 9) * DAY,
                      closes_at=now - (n + 2) * DAY)  # fmt: skip
    html = get(client, polls_a, community_a)
    assert len(listed(html, "surveys")["closed"]) == CLOSED_SHOWN
    assert 'class="hint"' in section(html, "surveys")


def _queries(client, polls, community, user) -> int:
    client.force_login(user)
    get(client, polls, community)  # warm the caches (sites, settings) both times alike
    with CaptureQueriesContext(connection) as queries:
        get(client, polls, community)
    return len(queries)


def test_the_query_count_does_not_grow_with_the_items(client, community_a, polls_a, resident_a):
    def add(n: int) -> None:
        for i in range(n):
            phase = ("open", "upcoming", "closed")[i % 3]
            SurveyFactory(community=community_a, **window(phase))
            ElectionFactory(community=community_a, **window(phase))
            deliberation(community_a, resident_a, f"议题{i}", ("voting", "upcoming")[i % 2])
        deliberation(community_a, resident_a, f"我的{n}", "submitted")

    add(2)
    few = _queries(client, polls_a, community_a, resident_a)
    add(10)
    many = _queries(client, polls_a, community_a, resident_a)
    assert few == many


# The city portal -----------------------------------------------------------------------------


def test_the_city_portal_has_no_polls_page(client, portal, polls_a):
    assert client.get("/polls/", HTTP_HOST="localhost").status_code == 404
    request = RequestFactory().get("/polls/", HTTP_HOST="localhost")
    request.user = None
    with pytest.raises(Http404):
        poll_index(request, polls_a)


def test_the_page_says_who_may_take_part(client, community_a, polls_a):
    html = get(client, polls_a, community_a)
    assert shown("Who may take part") in html
    assert said("Everyone can read the questions, the discussions and the results.") in html
