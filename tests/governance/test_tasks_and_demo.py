"""Background work (the checkpoint scan as a task, the scheduler) and the demo work network."""

import io
import logging
import signal
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.demo import DEMO_PEOPLE
from accounts.models import Role, RoleGrant, User
from governance.demo import DEMO_HANDLER_DEPARTMENT, STORIES, seed_demo_events
from governance.factories import make_event
from governance.management.commands import run_scheduler
from governance.models import Event, EventStatus, Supervision
from governance.scope import events_in_scope
from governance.services import scan_checkpoints
from governance.tasks import scan_checkpoints_task

from .conftest import at

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SCAN_PATH = "governance.tasks.scan_checkpoints_task"


# --- the scan as a task ---------------------------------------------------------------------


def test_the_scan_task_runs_the_scan_and_returns_its_counts(community_a, category, caplog):
    # Reported weeks ago with a 4-working-hour acceptance deadline: overdue by now.
    event = make_event(community_a, category, now=at("2026-11-02 10:00"))
    with caplog.at_level(logging.INFO, logger="governance.tasks"):
        result = scan_checkpoints_task.enqueue()
    assert result.return_value == {
        "events": 1, "warned": 0, "overdue": 1, "escalated": 1, "closed": 0, "failed": 0,
    }  # fmt: skip
    event.refresh_from_db()
    assert event.is_overdue
    assert Supervision.objects.filter(event=event).count() == 1
    assert "1 overdue, 1 escalated" in caplog.text


def test_a_scan_with_nothing_due_returns_zeros_and_logs_nothing(community_a, category, caplog):
    make_event(community_a, category)  # reported now: nothing is due yet
    with caplog.at_level(logging.INFO, logger="governance.tasks"):
        result = scan_checkpoints_task.enqueue()
    assert result.return_value == dict.fromkeys(
        ("events", "warned", "overdue", "escalated", "closed", "failed"), 0
    )
    assert "Checkpoint scan" not in caplog.text


# --- the scheduler --------------------------------------------------------------------------


def _scans():
    return DBTaskResult.objects.filter(task_path=SCAN_PATH)


@override_settings(TASKS=DATABASE_TASKS)
def test_once_enqueues_one_scan_and_not_another_while_it_waits_or_runs(db):
    call_command("run_scheduler", "--once")
    assert _scans().count() == 1
    queued = _scans().get()
    assert queued.status == "READY"
    assert queued.priority > 0  # ahead of a backlog of search-index updates

    call_command("run_scheduler", "--once")  # still waiting for a worker
    assert _scans().count() == 1

    queued.claim("worker-1")
    call_command("run_scheduler", "--once")  # a worker is running it
    assert _scans().count() == 1

    queued.set_successful({"events": 0})
    call_command("run_scheduler", "--once")  # done: the next one may go
    assert _scans().count() == 2
    assert _scans().filter(status="READY").count() == 1


@override_settings(TASKS=DATABASE_TASKS)
def test_a_scan_whose_worker_died_long_ago_does_not_block_the_next(db):
    call_command("run_scheduler", "--once")
    stuck = _scans().get()
    stuck.claim("worker-that-was-killed")
    _scans().update(started_at=timezone.now() - run_scheduler.STALE_AFTER - timedelta(minutes=1))
    call_command("run_scheduler", "--once")
    assert _scans().filter(status="READY").count() == 1


@override_settings(TASKS=DATABASE_TASKS)
def test_other_tasks_in_the_queue_do_not_hold_the_scan_back(db):
    from notifications.tasks import send_notification_email

    send_notification_email.enqueue(1, "subject", "text")
    call_command("run_scheduler", "--once")
    assert _scans().count() == 1


@override_settings(TASKS=DATABASE_TASKS)
def test_the_loop_stops_cleanly_on_sigterm(db, monkeypatch):
    calls = []

    def enqueue_then_terminate():
        try:
            calls.append(run_scheduler.pending_scan())
            assert len(calls) == 1, "the scheduler went on after SIGTERM"
            original()
        finally:
            # Whatever happened, stop the loop: a failure must fail the test, not hang it.
            signal.raise_signal(signal.SIGTERM)  # as `kill` or the demo supervisor would

    original = run_scheduler.enqueue_scan
    monkeypatch.setattr(run_scheduler, "enqueue_scan", enqueue_then_terminate)
    # The test's connection is inside its transaction and may be older than CONN_MAX_AGE:
    # the loop's clean-up of stale connections would close it under the test.
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)
    before = signal.getsignal(signal.SIGTERM)
    call_command("run_scheduler", "--interval", "1")  # returns: exit status 0
    assert _scans().count() == 1
    assert signal.getsignal(signal.SIGTERM) is before  # the handler is put back


@pytest.mark.parametrize("interval", ["0", "-5", "soon", "inf"])
def test_a_bad_interval_is_refused(db, interval):
    with pytest.raises(CommandError, match="--interval"):
        call_command("run_scheduler", "--interval", interval)
    assert not DBTaskResult.objects.exists()


# --- the demo work network ------------------------------------------------------------------

SEEDED_AT = at("2026-11-27 10:00")


@pytest.fixture
def demo_places(make_community):
    first = make_community(
        subdistrict="招商街道", name="花果山社区", slug="nanshan-zs-hgs", grids=2
    )
    second = make_community(subdistrict="蛇口街道", name="湾厦社区", slug="nanshan-sk-wx", grids=1)
    return [first, second]


@pytest.fixture
def seeded(demo_places):
    said = []
    created = seed_demo_events(demo_places, say=said.append, now=SEEDED_AT)
    return created, said


def test_the_demo_reports_its_events_through_the_services(demo_places, seeded):
    created, said = seeded
    assert created == len(STORIES) == Event.objects.count()
    assert 25 <= created <= 40
    assert said == [f"Work network: {created} demo events; the scheduler moves the overdue ones."]
    statuses = Counter(Event.objects.values_list("status", flat=True))
    assert set(statuses) == set(EventStatus.values)  # every state of the lifecycle is shown
    for event in Event.objects.all():
        assert event.log.exists() and event.checkpoints.exists()
        assert event.reported_at <= SEEDED_AT
    closed = Event.objects.filter(status=EventStatus.CLOSED)
    assert all(1 <= event.satisfaction <= 5 for event in closed)
    duplicate = Event.objects.get(status=EventStatus.DUPLICATE)
    assert duplicate.duplicate_of.status == EventStatus.IN_PROGRESS
    assert Event.objects.get(status=EventStatus.REOPENED).reopen_count == 1
    assert Event.objects.get(status=EventStatus.RETURNED).return_count == 1
    assert set(Event.objects.values_list("community", flat=True)) == {p.pk for p in demo_places}


def test_the_demo_staff_have_their_roles_and_their_queues(demo_places, seeded):
    first = demo_places[0]
    grants = {g.user.username: g for g in RoleGrant.objects.select_related("user", "department")}
    assert grants["dispatcher"].role == Role.DISPATCHER
    assert grants["dispatcher"].community == first
    assert grants["handler"].role == Role.GOVERNANCE_HANDLER
    assert grants["handler"].department.code == DEMO_HANDLER_DEPARTMENT
    assert grants["handler"].subdistrict == first.subdistrict
    assert grants["gridworker"].grid == first.grids.order_by("code").first()
    phones = {demo.username: demo.phone for demo in DEMO_PEOPLE}
    assert [phones[name] for name in ("dispatcher", "handler", "gridworker")] == [
        "+8613800000006", "+8613800000007", "+8613800000008",
    ]  # fmt: skip
    dispatcher = User.objects.get(username="dispatcher")
    assert events_in_scope(dispatcher).count() == Event.objects.filter(community=first).count()
    handler = User.objects.get(username="handler")
    queue = events_in_scope(handler).filter(status=EventStatus.IN_PROGRESS)
    assert queue.filter(handler=handler).exists()
    grid_reports = Event.objects.filter(source="grid_worker")
    assert grid_reports.exists()
    assert set(grid_reports.values_list("grid", flat=True)) == {grants["gridworker"].grid_id}


def test_the_first_scan_escalates_the_overdue_demo_events_and_closes_the_silent_one(seeded):
    result = scan_checkpoints(now=SEEDED_AT)
    assert (result.overdue, result.escalated, result.closed) == (4, 4, 1)
    assert Event.objects.filter(is_overdue=True).count() == 4
    assert Event.objects.filter(closed_automatically=True).count() == 1


def test_seeding_again_adds_no_events_and_no_grants(demo_places, seeded):
    counts = (Event.objects.count(), RoleGrant.objects.count(), User.objects.count())
    said = []
    assert seed_demo_events(demo_places, say=said.append, now=SEEDED_AT) == 0
    assert (Event.objects.count(), RoleGrant.objects.count(), User.objects.count()) == counts
    assert said == ["Work network: demo events already there."]


def test_seeding_without_communities_does_nothing(db):
    assert seed_demo_events([], say=pytest.fail) == 0
    assert not Event.objects.exists()


def test_the_demo_seed_command_prints_the_new_logins_and_is_idempotent(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", communities=2, grids=4, news=0, stdout=out)
    text = out.getvalue()
    for name in ("dispatcher", "handler", "gridworker"):
        assert f"(admin: {name:<10})" in text
    assert f"Work network: {len(STORIES)} demo events" in text
    first = User.objects.get(username="editor").role_grants.get().community
    assert Event.objects.filter(community=first).exists()
    counts = (Event.objects.count(), RoleGrant.objects.count())
    call_command("seed_demo", communities=2, grids=4, news=0, stdout=io.StringIO())
    assert (Event.objects.count(), RoleGrant.objects.count()) == counts
