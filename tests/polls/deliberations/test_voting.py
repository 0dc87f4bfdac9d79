"""The discussion (comments only while it is open) and the vote (once, in its period, by
those its rule lets vote), over HTTP with the service's messages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forums.models import Reply
from polls.models import DeliberationVote
from polls.services.common import AlreadyVoted, NotEligible, NotOpen, PollError
from polls.services.deliberations import cast_deliberation_vote, comment_on_deliberation
from tests.conftest import assert_accessible_basics, host_of, said_plural, shown

from .conftest import page_url, scheduled_in_phase


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def in_phase(open_to_residents, resident_a, editor_a):
    def make(phase, **settings):
        return scheduled_in_phase(resident_a, editor_a, open_to_residents, phase, **settings)

    return make


# --- comments -------------------------------------------------------------------------------


def test_a_resident_comments_during_the_discussion(in_phase, community_a, resident_a2):
    deliberation = in_phase("discussion")
    client = _signed_in(resident_a2)
    page = client.get(page_url(community_a, deliberation), **host_of(community_a))
    assert page.status_code == 200
    assert 'name="body"' in page.content.decode()
    assert_accessible_basics(page.content.decode())

    response = client.post(
        page_url(community_a, deliberation, "deliberation_comment"),
        {"body": "支持，东门确实缺充电位。"},
        **host_of(community_a),
    )

    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.topic_id == deliberation.topic_id and reply.author == resident_a2
    html = client.get(response["Location"], **host_of(community_a)).content.decode()
    assert "支持，东门确实缺充电位。" in html


@pytest.mark.parametrize(
    ("phase", "msgid", "moment"),
    [
        (
            "upcoming",
            "The discussion has not opened yet. It opens on %(when)s.",
            "discussion_opens_at",
        ),
        ("voting", "The discussion closed on %(when)s, when voting opened.", "voting_opens_at"),
    ],
)
def test_comments_are_refused_outside_the_discussion_with_the_time(
    in_phase, community_a, resident_a2, phase, msgid, moment
):
    from django.utils.formats import date_format

    deliberation = in_phase(phase)
    response = _signed_in(resident_a2).post(
        page_url(community_a, deliberation, "deliberation_comment"),
        {"body": "我来晚了吗？"},
        **host_of(community_a),
    )
    assert response.status_code == 409
    when = date_format(timezone.localtime(getattr(deliberation, moment)), "DATETIME_FORMAT")
    assert shown(msgid, when=when) in response.content.decode()
    assert not Reply.objects.exists()


def test_an_empty_comment_is_a_400(in_phase, community_a, resident_a2):
    deliberation = in_phase("discussion")
    response = _signed_in(resident_a2).post(
        page_url(community_a, deliberation, "deliberation_comment"), {"body": "  "},
        **host_of(community_a),
    )  # fmt: skip
    assert response.status_code == 400
    assert not Reply.objects.exists()


def test_the_forums_guards_apply_to_comments(in_phase, resident_a2):
    from forums.services.errors import ForumError

    deliberation = in_phase("discussion")
    comment_on_deliberation(resident_a2, deliberation, "同样的话")
    with pytest.raises(ForumError):  # the same text again, just now
        comment_on_deliberation(resident_a2, deliberation, "同样的话")
    with pytest.raises(NotOpen):
        comment_on_deliberation(resident_a2, deliberation, "以后", now=deliberation.voting_opens_at)


# --- votes ----------------------------------------------------------------------------------


def _vote(client, community, deliberation, position="for"):
    return client.post(
        page_url(community, deliberation, "deliberation_vote"),
        {"position": position},
        **host_of(community),
    )


def test_a_resident_votes_once_and_sees_only_the_turnout(in_phase, community_a, resident_a2):
    deliberation = in_phase("voting")
    client = _signed_in(resident_a2)
    page = client.get(page_url(community_a, deliberation), **host_of(community_a)).content.decode()
    assert "<fieldset" in page and "<legend>" in page
    assert_accessible_basics(page)

    response = _vote(client, community_a, deliberation, "against")

    assert response.status_code == 302
    vote = DeliberationVote.objects.get()
    assert (vote.voter, vote.position) == (resident_a2, "against")
    html = client.get(response["Location"], **host_of(community_a)).content.decode()
    assert shown("You have voted. Each person votes once.") in html
    vote_section = html.split('id="vote"')[1]
    turnout = said_plural("%(count)s vote so far.", "%(count)s votes so far.", 1, count=1)
    assert turnout in vote_section
    assert shown("Against") not in vote_section  # no live split while voting is open

    second = _vote(client, community_a, deliberation, "for")
    assert second.status_code == 409
    assert shown("You have already voted here. Each person votes once.") in second.content.decode()
    assert DeliberationVote.objects.get().position == "against"


def test_the_database_keeps_one_vote_per_person_even_past_the_check(in_phase, resident_a2):
    deliberation = in_phase("voting")
    cast_deliberation_vote(resident_a2, deliberation, "for")
    with pytest.raises(AlreadyVoted):
        cast_deliberation_vote(resident_a2, deliberation, "abstain")
    assert DeliberationVote.objects.count() == 1


def test_someone_not_eligible_is_refused_with_the_reason(
    in_phase, community_a, signed_in_user, resident_b
):
    deliberation = in_phase("voting")
    for outsider in (signed_in_user, resident_b):
        response = _vote(_signed_in(outsider), community_a, deliberation)
        assert response.status_code == 403
        assert (
            shown(
                "Only verified residents of %(community)s may vote here. Ask to be verified from "
                "your account's residency page.",
                community=community_a.name,
            )
            in response.content.decode()
        )
    with pytest.raises(NotEligible):
        cast_deliberation_vote(None, deliberation, "for")
    assert not DeliberationVote.objects.exists()


def test_anyone_signed_in_votes_when_the_rule_says_so(in_phase, signed_in_user):
    deliberation = in_phase("voting", who_may_vote="signed_in")
    assert cast_deliberation_vote(signed_in_user, deliberation, "abstain").position == "abstain"


@pytest.mark.parametrize("phase", ["upcoming", "discussion"])
def test_voting_before_it_opens_is_refused_with_the_opening_time(
    in_phase, community_a, resident_a2, phase
):
    from django.utils.formats import date_format

    deliberation = in_phase(phase)
    response = _vote(_signed_in(resident_a2), community_a, deliberation)
    assert response.status_code == 409
    when = date_format(timezone.localtime(deliberation.voting_opens_at), "DATETIME_FORMAT")
    assert shown("Voting has not opened yet. It opens on %(when)s.", when=when) in (
        response.content.decode()
    )
    assert not DeliberationVote.objects.exists()


def test_voting_after_it_closes_is_refused_with_the_closing_time(
    in_phase, community_a, resident_a2
):
    from django.utils.formats import date_format

    deliberation = in_phase("voting")
    later = deliberation.voting_closes_at + timedelta(minutes=1)
    with pytest.raises(NotOpen) as refused:
        cast_deliberation_vote(resident_a2, deliberation, "for", now=later)
    when = date_format(timezone.localtime(deliberation.voting_closes_at), "DATETIME_FORMAT")
    assert refused.value.status == 409 and when in refused.value.message

    closed = in_phase("closed")
    response = _vote(_signed_in(resident_a2), community_a, closed)
    assert response.status_code == 409
    when = date_format(timezone.localtime(closed.voting_closes_at), "DATETIME_FORMAT")
    assert shown("Voting closed on %(when)s. No more votes are accepted.", when=when) in (
        response.content.decode()
    )
    assert not DeliberationVote.objects.exists()


def test_a_proposal_not_scheduled_takes_no_votes(proposal_a, resident_a2):
    with pytest.raises(NotOpen):
        cast_deliberation_vote(resident_a2, proposal_a, "for")


@pytest.mark.parametrize("position", ["", "yes", "for'--"])
def test_a_bad_position_is_a_400(in_phase, community_a, resident_a2, position):
    deliberation = in_phase("voting")
    response = _vote(_signed_in(resident_a2), community_a, deliberation, position)
    assert response.status_code == 400
    with pytest.raises(PollError):
        cast_deliberation_vote(resident_a2, deliberation, position)
    assert not DeliberationVote.objects.exists()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(in_phase, community_a, client):
    deliberation = in_phase("voting")
    response = _vote(client, community_a, deliberation)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not DeliberationVote.objects.exists()
