"""The whole path over HTTP (阳光议事 → 事件): a resident proposes, an editor schedules it in
the admin with a governance event as the outcome, residents discuss and vote, the scheduler
counts, the event reaches the work network and its progress shows on the deliberation's
page. And the other outcome: an action item the office reports progress on."""

from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forums.models import Reply, Topic
from governance.models import Event, EventSource, EventStatus
from governance.services import accept_event
from governance.templatetags.governance_tags import STATUS_WORDS
from polls.models import (
    ActionStatus,
    Deliberation,
    DeliberationStatus,
    DeliberationVote,
    Outcome,
)
from polls.services.deliberations import advance_deliberations
from tests.conftest import assert_accessible_basics, host_of, shown
from tests.conftest import english_admin_client as admin_client

from ..conftest import make_resident, route_url
from .conftest import local, page_url


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _move_to_voting(deliberation: Deliberation) -> None:
    """Time passes: the discussion is over and voting is open."""
    now = timezone.now()
    Deliberation.objects.filter(pk=deliberation.pk).update(
        discussion_opens_at=now - timedelta(days=2),
        voting_opens_at=now - timedelta(hours=1),
        voting_closes_at=now + timedelta(days=1),
    )


def _move_past_closing(deliberation: Deliberation) -> None:
    Deliberation.objects.filter(pk=deliberation.pk).update(
        voting_closes_at=timezone.now() - timedelta(minutes=1)
    )


def _propose_and_schedule(community, polls, proposer, editor, **schedule) -> Deliberation:
    host = host_of(community)
    response = _signed_in(proposer).post(
        route_url(polls, "propose"),
        {"title": "东门加装充电桩", "proposal": "东门晚上常常没有地方充电，建议加装六个充电桩。"},
        **host,
    )
    assert response.status_code == 302
    deliberation = Deliberation.objects.get()
    now = timezone.now()
    form = {
        "action": "schedule",
        "schedule-discussion_opens_at": local(now - timedelta(hours=1)),
        "schedule-voting_opens_at": local(now + timedelta(days=1)),
        "schedule-voting_closes_at": local(now + timedelta(days=2)),
        "schedule-quorum": "3",
        "schedule-pass_threshold": "60",
        "schedule-who_may_vote": "residents",
        **{f"schedule-{k}": v for k, v in schedule.items()},
    }
    url = reverse("polls_deliberations:edit", args=[deliberation.pk])
    assert admin_client(editor).post(url, form).status_code == 302
    deliberation.refresh_from_db()
    assert deliberation.status == DeliberationStatus.SCHEDULED
    return deliberation


def _discuss_and_vote(community, deliberation, proposer, neighbour, third, positions):
    host = host_of(community)
    comment_url = page_url(community, deliberation, "deliberation_comment")
    response = _signed_in(neighbour).post(comment_url, {"body": "支持！晚上确实没位置。"}, **host)
    assert response.status_code == 302
    assert Reply.objects.filter(topic_id=deliberation.topic_id).count() == 1

    _move_to_voting(deliberation)
    assert advance_deliberations()["locked"] == 1  # the discussion closes as voting opens
    assert Topic.objects.get(pk=deliberation.topic_id).is_locked
    late = _signed_in(third).post(comment_url, {"body": "我也想说两句"}, **host)
    assert late.status_code == 409

    vote_url = page_url(community, deliberation, "deliberation_vote")
    for voter, position in zip((proposer, neighbour, third), positions, strict=True):
        assert _signed_in(voter).post(vote_url, {"position": position}, **host).status_code == 302
    assert DeliberationVote.objects.filter(deliberation=deliberation).count() == 3
    _move_past_closing(deliberation)


def test_a_passed_deliberation_becomes_a_governance_event_followed_on_its_page(
    open_to_residents, polls_a, resident_a, resident_a2, editor_a, category, dispatcher_a, client
):
    community, host = open_to_residents, host_of(open_to_residents)
    third = make_resident(community, editor_a, username="resident-a3")
    deliberation = _propose_and_schedule(
        community, polls_a, resident_a, editor_a, outcome_kind="event", category=category.pk
    )
    _discuss_and_vote(community, deliberation, resident_a, resident_a2, third,
                      ["for", "for", "against"])  # fmt: skip

    call_command("run_scheduler", "--once")  # the scheduler's task counts it

    deliberation.refresh_from_db()
    assert deliberation.status == DeliberationStatus.CONCLUDED
    assert deliberation.outcome == Outcome.PASSED
    assert (deliberation.votes_for, deliberation.votes_against) == (2, 1)
    event = Event.objects.get()
    assert deliberation.event == event
    assert (
        event.source == EventSource.POLL and event.source_ref == f"deliberation:{deliberation.pk}"
    )
    assert event.community == community and event.category == category
    assert event.status == EventStatus.REPORTED and event.is_public
    assert deliberation.proposal in event.description

    page = client.get(page_url(community, deliberation), **host)
    html = page.content.decode()
    assert page.status_code == 200
    assert_accessible_basics(html)
    assert shown(Outcome.PASSED.label) in html
    assert event.reference in html and shown(STATUS_WORDS[EventStatus.REPORTED]) in html
    assert 'class="item-list event-timeline"' in html

    accept_event(event, dispatcher_a, note="已受理，转住建部门。")

    html = client.get(page_url(community, deliberation), **host).content.decode()
    assert shown(EventStatus.ACCEPTED.label) in html
    assert shown(STATUS_WORDS[EventStatus.ACCEPTED]) in html


def test_a_passed_deliberation_becomes_an_action_item_the_office_reports_on(
    open_to_residents, polls_a, resident_a, resident_a2, editor_a, editor_b, client
):
    community, host = open_to_residents, host_of(open_to_residents)
    third = make_resident(community, editor_a, username="resident-a3")
    deliberation = _propose_and_schedule(
        community, polls_a, resident_a, editor_a, outcome_kind="action"
    )
    _discuss_and_vote(community, deliberation, resident_a, resident_a2, third,
                      ["for", "abstain", "for"])  # fmt: skip

    counts = advance_deliberations()

    assert counts["concluded"] == 1 and counts["actions"] == 1
    deliberation.refresh_from_db()
    item = deliberation.action_item
    assert item.status == ActionStatus.OPEN and not Event.objects.exists()
    html = client.get(page_url(community, deliberation), **host).content.decode()
    assert shown(ActionStatus.OPEN.label) in html

    url = reverse("polls_deliberations:edit", args=[deliberation.pk])
    form = {"action": "action", "action-status": "in_progress",
            "action-note": "已联系供电局，下月施工。"}  # fmt: skip
    assert admin_client(editor_b).post(url, form).status_code == 404
    assert admin_client(editor_a).post(url, form).status_code == 302

    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS and item.updated_by == editor_a
    html = client.get(page_url(community, deliberation), **host).content.decode()
    assert shown(ActionStatus.IN_PROGRESS.label) in html and "已联系供电局，下月施工。" in html


def test_a_visitor_never_sees_a_stale_voting_state(open_to_residents, resident_a, editor_a, client):
    from .conftest import scheduled_in_phase

    closed = scheduled_in_phase(resident_a, editor_a, open_to_residents, "closed")
    html = client.get(page_url(open_to_residents, closed), **host_of(open_to_residents))
    closed.refresh_from_db()
    assert closed.status == DeliberationStatus.CONCLUDED  # counted when first looked at
    assert shown(Outcome.NO_QUORUM.label) in html.content.decode()
