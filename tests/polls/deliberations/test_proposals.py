"""Proposing a deliberation (提出议题): who may, what a bad proposal gets, who sees it."""

import pytest
from django.test import Client

from accounts.factories import UserFactory
from polls.models import Deliberation, DeliberationStatus
from polls.services.common import NotEligible
from polls.services.deliberations import WrongState, listed_deliberations, propose_deliberation
from polls.services.deliberations.proposals import MAX_WAITING
from tests.conftest import assert_accessible_basics, changed_tables, database_rows, host_of, shown

from ..conftest import route_url
from .conftest import allow_proposals, page_url

GOOD = {"title": "东门加装充电桩", "proposal": "东门晚上常常没有地方充电，建议加装六个充电桩。"}


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_verified_resident_proposes_when_the_community_allows_it(
    open_to_residents, polls_a, resident_a
):
    client = _client(resident_a)
    url = route_url(polls_a, "propose")
    form = client.get(url, **host_of(open_to_residents))
    assert form.status_code == 200
    assert_accessible_basics(form.content.decode())

    response = client.post(url, GOOD, **host_of(open_to_residents))

    deliberation = Deliberation.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(page_url(open_to_residents, deliberation))
    assert deliberation.status == DeliberationStatus.SUBMITTED
    assert deliberation.proposed_by == resident_a
    assert deliberation.community == open_to_residents
    # Only the proposer sees it: the public gets a 404, the proposer the waiting notice.
    assert _client().get(response["Location"], **host_of(open_to_residents)).status_code == 404
    mine = client.get(response["Location"], **host_of(open_to_residents))
    assert mine.status_code == 200
    assert shown("Waiting for the community office") in mine.content.decode()


def test_residents_are_refused_when_the_community_does_not_take_proposals(
    community_a, polls_a, resident_a
):
    allow_proposals(community_a, False)
    client = _client(resident_a)
    before = database_rows()
    response = client.post(route_url(polls_a, "propose"), GOOD, **host_of(community_a))
    assert response.status_code == 403
    assert (
        shown(
            "%(community)s does not take proposals from residents online. Talk to the community "
            "office, or start a topic in the forum.",
            community=community_a.name,
        )
        in response.content.decode()
    )
    assert not changed_tables(before, database_rows())


def test_someone_who_is_not_a_verified_resident_is_refused(
    open_to_residents, polls_a, signed_in_user, resident_b
):
    for outsider in (signed_in_user, resident_b):
        with pytest.raises(NotEligible):
            propose_deliberation(outsider, open_to_residents, **GOOD)
        response = _client(outsider).post(
            route_url(polls_a, "propose"), GOOD, **host_of(open_to_residents)
        )
        assert response.status_code == 403
    assert not Deliberation.objects.exists()


def test_an_editor_may_always_propose(community_a, polls_a, editor_a):
    allow_proposals(community_a, False)
    response = _client(editor_a).post(route_url(polls_a, "propose"), GOOD, **host_of(community_a))
    assert response.status_code == 302
    assert Deliberation.objects.get().proposed_by == editor_a


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(open_to_residents, polls_a):
    response = _client().get(route_url(polls_a, "propose"), **host_of(open_to_residents))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "proposal": "有内容"}, "title"),
        ({"title": "标题", "proposal": "   "}, "proposal"),
        ({"title": "长" * 121, "proposal": "有内容"}, "title"),
        ({"title": "标题", "proposal": "长" * 8001}, "proposal"),
    ],
)
def test_a_bad_proposal_gets_a_400_and_saves_nothing(
    open_to_residents, polls_a, resident_a, data, field
):
    client = _client(resident_a)
    before = database_rows()
    response = client.post(route_url(polls_a, "propose"), data, **host_of(open_to_residents))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert_accessible_basics(html)
    assert not changed_tables(before, database_rows())


def test_a_resident_cannot_flood_the_office(open_to_residents, resident_a):
    for n in range(MAX_WAITING):
        propose_deliberation(resident_a, open_to_residents, title=f"提案{n}", proposal="内容")
    with pytest.raises(WrongState) as refused:
        propose_deliberation(resident_a, open_to_residents, title="再一个", proposal="内容")
    assert refused.value.status == 409
    assert Deliberation.objects.count() == MAX_WAITING


def test_the_list_shows_public_ones_and_the_users_own(open_to_residents, resident_a, resident_a2):
    mine = propose_deliberation(resident_a, open_to_residents, title="我的", proposal="内容")
    theirs = propose_deliberation(resident_a2, open_to_residents, title="别人的", proposal="内容")
    public = Deliberation.objects.create(
        community=open_to_residents, title="公开的", proposal="内容", proposed_by=resident_a2,
        proposed_at=mine.proposed_at, status=DeliberationStatus.SCHEDULED,
    )  # fmt: skip
    assert set(listed_deliberations(open_to_residents, resident_a)) == {mine, public}
    assert list(listed_deliberations(open_to_residents, UserFactory())) == [public]
    assert theirs not in listed_deliberations(open_to_residents, None)
