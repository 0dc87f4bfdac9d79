"""Casting a secret ballot (投票): one vote per verified resident, while open, 1 to ``seats``
candidates of this election; every refusal says why and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from polls.models import Ballot, VoterRollEntry
from polls.services.common import AlreadyVoted, NotEligible, NotOpen
from polls.services.elections import cast_ballot, has_voted, listed_elections
from tests.conftest import changed_tables, database_rows, host_of, said, shown, shown_plural

from .conftest import election_url, ids, local_day, moment_text

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def test_a_resident_votes_once_and_the_ballot_keeps_only_the_choice(election, resident_a):
    first, _second, third = ids(election)
    assert cast_ballot(resident_a, election, [third, first]) is None  # no receipt
    entry = VoterRollEntry.objects.get(election=election)
    assert entry.voter == resident_a and entry.voted_on == timezone.localdate()
    ballot = Ballot.objects.get(election=election)
    assert ballot.marks == sorted([first, third])
    assert has_voted(resident_a, election) == timezone.localdate()


def test_a_second_vote_is_refused_and_nothing_is_written(election, resident_a):
    first, second, _third = ids(election)
    cast_ballot(resident_a, election, [first])
    before = database_rows()
    with translation.override("en"), pytest.raises(AlreadyVoted) as refusal:
        cast_ballot(resident_a, election, [second])
    assert "You voted in this election on" in refusal.value.message
    assert refusal.value.status == 409
    assert changed_tables(before, database_rows()) == {}


@pytest.mark.parametrize(
    ("who", "code", "words"),
    [
        ("signed_in_user", "resident_only", "Only verified residents of"),
        ("resident_b", "resident_only", "Only verified residents of"),
        (None, "anonymous", "Sign in to vote."),
    ],
)
def test_only_verified_residents_of_the_community_may_vote(request, election, who, code, words):
    user = request.getfixturevalue(who) if who else None
    before = database_rows()
    with translation.override("en"), pytest.raises(NotEligible) as refusal:
        cast_ballot(user, election, ids(election)[:1])
    assert refusal.value.code == code and words in refusal.value.message
    assert refusal.value.status == 403
    assert changed_tables(before, database_rows()) == {}


def test_elections_ignore_the_sites_signed_in_rule(election, signed_in_user, community_a):
    from communities.models import CommunitySettings, Participation

    site_settings = CommunitySettings.for_site(community_a.site)
    site_settings.who_may_vote = Participation.SIGNED_IN
    site_settings.save()
    with pytest.raises(NotEligible):
        cast_ballot(signed_in_user, election, ids(election)[:1])


def test_before_opening_and_after_closing_the_vote_is_refused_with_the_time(election, resident_a):
    with translation.override("en"):
        with pytest.raises(NotOpen) as early:
            cast_ballot(resident_a, election, ids(election)[:1], now=election.opens_at - DAY)
        with pytest.raises(NotOpen) as late:
            cast_ballot(resident_a, election, ids(election)[:1], now=election.closes_at)
    assert early.value.code == "not_open" and "It opens on" in early.value.message
    assert late.value.code == "closed" and "closed on" in late.value.message
    assert not VoterRollEntry.objects.exists() and not Ballot.objects.exists()


def test_a_draft_election_takes_no_votes(election, resident_a):
    election.is_published = False
    election.save()
    with pytest.raises(NotOpen):
        cast_ballot(resident_a, election, ids(election)[:1])


@pytest.mark.parametrize(
    ("choice", "code"),
    [
        (lambda c: [], "none"),
        (lambda c: c, "too_many"),  # three for two seats
        (lambda c: [c[0], c[0]], "duplicate"),
        (lambda c: [c[0], max(c) + 100], "unknown"),
        (lambda c: ["x"], "unknown"),
    ],
)
def test_a_bad_choice_is_refused_and_nothing_is_written(election, resident_a, choice, code):
    before = database_rows()
    with pytest.raises(ValidationError) as refusal:
        cast_ballot(resident_a, election, choice(ids(election)))
    assert refusal.value.error_dict["candidates"][0].code == code
    assert changed_tables(before, database_rows()) == {}


def test_another_elections_candidate_is_unknown(election, closed_election, resident_a):
    with pytest.raises(ValidationError):
        cast_ballot(resident_a, election, ids(closed_election)[:1])


def test_the_list_shows_published_elections_newest_first_with_my_vote(
    election, closed_election, community_a, resident_a
):
    from polls.factories.elections import open_election

    open_election(community_a, ["x"], is_published=False)  # a draft is not listed
    cast_ballot(resident_a, election, ids(election)[:1])
    listed = listed_elections(community_a, resident_a)
    assert listed == [election, closed_election]
    assert listed[0].voted_on == timezone.localdate() and listed[0].phase == "open"
    assert listed[1].voted_on is None and listed[1].phase == "closed"


# Over HTTP ------------------------------------------------------------------------------------


def test_the_ballot_form_votes_and_says_nothing_of_the_choice(
    client, polls_a, election, resident_a, community_a
):
    first, second, third = ids(election)
    client.force_login(resident_a)
    page = client.get(election_url(polls_a, election), **host_of(community_a))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<fieldset" in html and "<legend>" in html
    assert (
        shown_plural(
            "Choose up to %(seats)d candidate", "Choose up to %(seats)d candidates", 2, seats=2
        )
        in html
    )
    assert 'type="checkbox"' in html and election_url(polls_a, election, "election_vote") in html
    answer = client.post(
        election_url(polls_a, election, "election_vote"),
        {"candidates": [str(second), str(third)]},
        follow=True,
        **host_of(community_a),
    )
    assert answer.redirect_chain[-1][0].endswith(election_url(polls_a, election))
    html = answer.content.decode()
    assert (
        shown(
            "Thank you: your vote has been recorded. Your ballot is secret: it is kept apart from "
            "your name, and nobody can see what you chose."
        )
        in html
    )
    assert "<form" not in html.split('id="election-vote"')[1].split("</section>")[0]
    assert Ballot.objects.get().marks == [second, third]
    assert Ballot.objects.count() == 1 and VoterRollEntry.objects.count() == 1
    assert first not in Ballot.objects.get().marks
    assert said("Votes are counted only after voting closes.") in html


def test_a_second_vote_over_http_is_a_409_with_the_message(
    client, polls_a, election, resident_a, community_a
):
    first, second, _ = ids(election)
    cast_ballot(resident_a, election, [first])
    client.force_login(resident_a)
    answer = client.post(
        election_url(polls_a, election, "election_vote"),
        {"candidates": [str(second)]},
        **host_of(community_a),
    )
    assert answer.status_code == 409
    assert (
        shown(
            "You voted in this election on %(date)s. Each person votes once.",
            date=local_day(timezone.localdate()),
        )
        in answer.content.decode()
    )
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (lambda c: [], lambda: shown("Choose at least one candidate.")),
        (
            lambda c: c,
            lambda: shown_plural(
                "You may choose at most %(seats)d candidate; you chose %(count)d.",
                "You may choose at most %(seats)d candidates; you chose %(count)d.",
                2,
                seats=2,
                count=3,
            ),
        ),
        (lambda c: [c[0], 99999], lambda: shown("That is not a candidate in this election.")),
    ],
)
def test_a_bad_choice_over_http_is_a_400_and_nothing_is_saved(
    client, polls_a, election, resident_a, community_a, choice, message
):
    client.force_login(resident_a)
    before = database_rows()
    answer = client.post(
        election_url(polls_a, election, "election_vote"),
        {"candidates": [str(pk) for pk in choice(ids(election))]},
        **host_of(community_a),
    )
    assert answer.status_code == 400
    assert message() in answer.content.decode()
    assert changed_tables(before, database_rows()) == {}


def test_outsiders_are_told_why_and_refused(
    client, polls_a, election, community_a, resident_b, signed_in_user
):
    for user in (resident_b, signed_in_user):
        client.force_login(user)
        page = client.get(election_url(polls_a, election), **host_of(community_a))
        html = page.content.decode()
        assert (
            "Only verified residents of" in html
            or shown(
                "Only verified residents of %(community)s may vote here. Ask to be verified "
                "from your account's residency page.",
                community=community_a.name,
            )
            in html
        )
        assert 'type="checkbox"' not in html
        answer = client.post(
            election_url(polls_a, election, "election_vote"),
            {"candidates": [str(ids(election)[0])]},
            **host_of(community_a),
        )
        assert answer.status_code == 403
    assert not Ballot.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, polls_a, election, community_a):
    page = client.get(election_url(polls_a, election), **host_of(community_a))
    assert shown("Sign in to vote.") in page.content.decode()
    answer = client.post(
        election_url(polls_a, election, "election_vote"),
        {"candidates": [str(ids(election)[0])]},
        **host_of(community_a),
    )
    assert answer.status_code == 302 and "login" in answer["Location"]
    assert not Ballot.objects.exists()


def test_before_and_after_the_window_the_page_gives_the_time_and_refuses(
    client, polls_a, election, closed_election, community_a, resident_a
):
    election.opens_at = timezone.now() + DAY
    election.save()
    client.force_login(resident_a)
    cases = (
        (election, "Voting has not opened yet. It opens on %(when)s.", election.opens_at),
        (
            closed_election,
            "Voting closed on %(when)s. No more votes are accepted.",
            closed_election.closes_at,
        ),
    )
    for which, message, moment in cases:
        page = client.get(election_url(polls_a, which), **host_of(community_a))
        html = page.content.decode()
        assert 'type="checkbox"' not in html
        assert moment_text(moment, "Y-m-d H:i") in html
        answer = client.post(
            election_url(polls_a, which, "election_vote"),
            {"candidates": [str(ids(which)[0])]},
            **host_of(community_a),
        )
        assert answer.status_code == 409
        assert shown(message, when=moment_text(moment)) in answer.content.decode()
    assert not Ballot.objects.exists()


def test_a_get_on_the_vote_address_is_refused(client, polls_a, election, community_a):
    answer = client.get(election_url(polls_a, election, "election_vote"), **host_of(community_a))
    assert answer.status_code == 405


def test_another_communitys_election_and_drafts_are_not_found(
    client, polls_a, election, community_b, community_a, resident_a
):
    from polls.factories.elections import open_election

    elsewhere = open_election(community_b, ["甲"])
    draft = open_election(community_a, ["乙"], is_published=False)
    client.force_login(resident_a)
    for which in (elsewhere, draft):
        page = client.get(election_url(polls_a, which), **host_of(community_a))
        assert page.status_code == 404


def test_an_editor_previews_a_draft(client, polls_a, community_a, editor_a):
    from polls.factories.elections import open_election

    draft = open_election(community_a, ["乙"], is_published=False)
    client.force_login(editor_a)
    page = client.get(election_url(polls_a, draft), **host_of(community_a))
    assert page.status_code == 200
    assert said("Draft: only the community's editors see this election.") in page.content.decode()


def test_the_page_passes_the_accessibility_basics(
    client, polls_a, election, community_a, resident_a
):
    from tests.conftest import assert_accessible_basics

    page = client.get(election_url(polls_a, election), **host_of(community_a))
    assert_accessible_basics(page.content.decode())
    client.force_login(resident_a)  # with the ballot, and with its errors
    page = client.get(election_url(polls_a, election), **host_of(community_a))
    assert 'type="checkbox"' in page.content.decode()
    assert_accessible_basics(page.content.decode())
    answer = client.post(
        election_url(polls_a, election, "election_vote"), {}, **host_of(community_a)
    )
    assert answer.status_code == 400
    assert_accessible_basics(answer.content.decode())
