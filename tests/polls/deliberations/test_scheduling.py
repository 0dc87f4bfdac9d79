"""The office's answer to a proposal (立项 / 不予立项): an editor of its community schedules
it (a discussion topic in the forum, public from then on) or declines it with the reason;
nobody else can, through the service or the admin."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forums.models import Board, Topic
from notifications.models import Notification
from polls.models import Deliberation, DeliberationStatus, OutcomeKind
from polls.services.common import NotEligible
from polls.services.deliberations import (
    WrongState,
    propose_deliberation,
    reject_deliberation,
    schedule_deliberation,
)
from tests.conftest import changed_tables, database_rows, host_of, shown
from tests.conftest import english_admin_client as admin_client

from .conftest import en, local, page_url


def _dates(now=None):
    now = now or timezone.now()
    return {
        "discussion_opens_at": now - timedelta(hours=1),
        "voting_opens_at": now + timedelta(days=1),
        "voting_closes_at": now + timedelta(days=2),
    }


def _schedule(editor, deliberation, **changes):
    data = {
        **_dates(), "quorum": 2, "pass_threshold": 50, "who_may_vote": "residents",
        "outcome_kind": OutcomeKind.ACTION, "category": None, **changes,
    }  # fmt: skip
    return schedule_deliberation(editor, deliberation, **data)


def _form(prefix: str, **values) -> dict:
    return {"action": prefix, **{f"{prefix}-{k}": v for k, v in values.items() if v is not None}}


def _schedule_form(category=None, **changes) -> dict:
    dates = _dates()
    values = {
        "discussion_opens_at": local(dates["discussion_opens_at"]),
        "voting_opens_at": local(dates["voting_opens_at"]),
        "voting_closes_at": local(dates["voting_closes_at"]),
        "quorum": 3, "pass_threshold": 60, "who_may_vote": "residents",
        "outcome_kind": OutcomeKind.EVENT if category else OutcomeKind.ACTION,
        "category": category.pk if category else None, **changes,
    }  # fmt: skip
    return _form("schedule", **values)


def test_scheduling_opens_the_discussion_in_the_affairs_board_and_tells_the_proposer(
    proposal_a, editor_a, resident_a, community_a, client
):
    scheduled = _schedule(editor_a, proposal_a)

    assert scheduled.status == DeliberationStatus.SCHEDULED
    assert scheduled.scheduled_by == editor_a
    topic = Topic.objects.get(pk=scheduled.topic_id)
    assert topic.board.slug == "affairs"
    assert topic.title == "【阳光议事】东门加装充电桩"
    assert topic.author == resident_a and not topic.is_locked
    assert page_url(community_a, scheduled) in topic.body
    assert topic.follows.filter(user=resident_a).exists()
    notice = Notification.objects.get(user=resident_a, kind="polls")
    assert notice.url == page_url(community_a, scheduled)
    entry = ModelLogEntry.objects.get(action="jiayuan.deliberation_schedule")
    assert entry.user == editor_a and entry.object_id == str(scheduled.pk)
    # Public now.
    assert client.get(page_url(community_a, scheduled), **host_of(community_a)).status_code == 200


def test_without_an_affairs_board_the_first_open_board_takes_the_discussion(
    proposal_a, editor_a, community_a
):
    Board.objects.filter(community=community_a, slug="affairs").update(is_archived=True)
    first_open = Board.objects.filter(community=community_a, is_archived=False).first()
    assert _schedule(editor_a, proposal_a).topic.board == first_open


def test_without_any_open_board_there_is_no_discussion_and_the_page_says_so(
    proposal_a, editor_a, community_a, client
):
    Board.objects.filter(community=community_a).update(is_archived=True)
    scheduled = _schedule(editor_a, proposal_a)
    assert scheduled.topic is None
    html = client.get(page_url(community_a, scheduled), **host_of(community_a)).content.decode()
    assert shown("The discussion is unavailable: the community forum has no open board.") in html


def test_an_editor_of_another_community_cannot_schedule_or_decline(proposal_a, editor_b):
    before = database_rows()
    with pytest.raises(NotEligible):
        _schedule(editor_b, proposal_a)
    with pytest.raises(NotEligible):
        reject_deliberation(editor_b, proposal_a, "不行")
    assert not changed_tables(before, database_rows())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"voting_opens_at": timezone.now() - timedelta(hours=2)}, "voting_opens_at"),
        ({"voting_closes_at": timezone.now() + timedelta(hours=2)}, "voting_closes_at"),
        ({"quorum": 0}, "quorum"),
        ({"pass_threshold": 100}, "pass_threshold"),
        ({"pass_threshold": 0}, "pass_threshold"),
        ({"outcome_kind": OutcomeKind.EVENT}, "category"),
        ({"who_may_vote": "everyone"}, "who_may_vote"),
    ],
)
def test_a_bad_schedule_is_refused_naming_the_field_and_saves_nothing(
    proposal_a, editor_a, changes, field
):
    before = database_rows()
    with pytest.raises(ValidationError) as refused:
        _schedule(editor_a, proposal_a, **changes)
    assert field in refused.value.message_dict
    assert not changed_tables(before, database_rows())


def test_a_deliberation_is_scheduled_or_declined_once(proposal_a, editor_a):
    _schedule(editor_a, proposal_a)
    with pytest.raises(WrongState):
        _schedule(editor_a, proposal_a)
    with pytest.raises(WrongState):
        reject_deliberation(editor_a, proposal_a, "已经排期")


def test_declining_tells_the_proposer_why(proposal_a, editor_a, resident_a, community_a, client):
    declined = reject_deliberation(editor_a, proposal_a, "已由业委会另行处理。")
    assert declined.status == DeliberationStatus.REJECTED
    assert Notification.objects.get(user=resident_a, kind="polls").body == "已由业委会另行处理。"
    assert ModelLogEntry.objects.filter(action="jiayuan.deliberation_reject").count() == 1
    # Not public; its proposer reads the reason on its page.
    url = page_url(community_a, declined)
    assert client.get(url, **host_of(community_a)).status_code == 404
    client.force_login(resident_a)
    assert "已由业委会另行处理。" in client.get(url, **host_of(community_a)).content.decode()


# --- in the admin ---------------------------------------------------------------------------


def test_the_admin_lists_only_the_editors_deliberations(proposal_a, editor_a, community_b):
    other = propose_deliberation(
        # an editor of B proposes in B
        _editor_of(community_b), community_b, title="湾厦的议题", proposal="内容",
    )  # fmt: skip
    html = admin_client(editor_a).get(reverse("polls_deliberations:index")).content.decode()
    assert proposal_a.title in html and other.title not in html


def _editor_of(community):
    from accounts.factories import UserFactory

    user = UserFactory()
    user.groups.add(community.editors_group)
    return user


def test_an_editor_schedules_in_the_admin(proposal_a, editor_a, category):
    client = admin_client(editor_a)
    url = reverse("polls_deliberations:edit", args=[proposal_a.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, _schedule_form(category))

    assert response.status_code == 302
    proposal_a.refresh_from_db()
    assert proposal_a.status == DeliberationStatus.SCHEDULED
    assert (proposal_a.quorum, proposal_a.pass_threshold) == (3, 60)
    assert proposal_a.outcome_kind == OutcomeKind.EVENT and proposal_a.category == category
    history = client.get(reverse("polls_deliberations:history", args=[proposal_a.pk]))
    assert history.status_code == 200
    assert en("Schedule a deliberation") in history.content.decode()


def test_a_bad_schedule_in_the_admin_is_a_400_with_the_reason(proposal_a, editor_a):
    client = admin_client(editor_a)
    url = reverse("polls_deliberations:edit", args=[proposal_a.pk])
    before = database_rows()
    response = client.post(url, _schedule_form(None, outcome_kind=OutcomeKind.EVENT))
    assert response.status_code == 400
    assert en("Choose the category of the governance event.") in response.content.decode()
    response = client.post(url, _form("reject", reason=""))
    assert response.status_code == 400
    after = database_rows()
    after.pop("sessions.Session", None), before.pop("sessions.Session", None)
    assert not changed_tables(before, after)


def test_an_editor_of_another_community_finds_nothing_in_the_admin(proposal_a, editor_b):
    client = admin_client(editor_b)
    url = reverse("polls_deliberations:edit", args=[proposal_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form("reject", reason="不行")).status_code == 404
    assert client.post(url, _schedule_form()).status_code == 404
    proposal_a.refresh_from_db()
    assert proposal_a.status == DeliberationStatus.SUBMITTED


def test_a_resident_cannot_open_the_admin_screens(proposal_a, resident_a):
    client = admin_client(resident_a)
    url = reverse("polls_deliberations:edit", args=[proposal_a.pk])
    response = client.post(url, _form("reject", reason="不行"))
    assert response.status_code in (302, 403)  # to the admin's sign-in, or refused
    proposal_a.refresh_from_db()
    assert proposal_a.status == DeliberationStatus.SUBMITTED


def test_an_editor_declines_in_the_admin(proposal_a, editor_a, resident_a):
    url = reverse("polls_deliberations:edit", args=[proposal_a.pk])
    response = admin_client(editor_a).post(url, _form("reject", reason="请先在业主群征求意见。"))
    assert response.status_code == 302
    proposal_a.refresh_from_db()
    assert proposal_a.status == DeliberationStatus.REJECTED
    assert proposal_a.rejection_reason == "请先在业主群征求意见。"


def test_an_editor_puts_their_own_proposal_in_one_step(editor_a, community_a, community_b):
    dates = _dates()
    data = {
        "community": community_a.pk, "title": "楼道加装照明", "proposal": "三栋楼道太暗。",
        **{k: local(v) for k, v in dates.items()},
        "quorum": 5, "pass_threshold": 50, "who_may_vote": "residents", "outcome_kind": "action",
    }  # fmt: skip
    client = admin_client(editor_a)
    assert client.get(reverse("polls_deliberations:add")).status_code == 200
    response = client.post(reverse("polls_deliberations:add"), data)
    assert response.status_code == 302
    made = Deliberation.objects.get()
    assert made.status == DeliberationStatus.SCHEDULED and made.topic_id is not None
    # Another community is not among the choices: refused, nothing saved.
    response = client.post(
        reverse("polls_deliberations:add"), {**data, "community": community_b.pk}
    )
    assert response.status_code == 200  # the form again, with the error
    assert Deliberation.objects.count() == 1
    # A bad date order: proposed and scheduled, or nothing at all.
    bad = {**data, "voting_closes_at": data["voting_opens_at"]}
    response = client.post(reverse("polls_deliberations:add"), bad)
    assert Deliberation.objects.count() == 1
    assert en("Voting must close after it opens.") in response.content.decode()
