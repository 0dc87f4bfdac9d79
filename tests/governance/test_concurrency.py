"""Two people act on one event at the same moment (并发): exactly one wins, the other is told.

Runs on PostgreSQL only, where ``SELECT … FOR UPDATE`` really makes the second transaction
wait for the first; SQLite lets one writer in at a time, so it cannot show the race. Run:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/pytest -n 0 <this file>``.
"""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.utils import translation

from governance import services
from governance.factories import dispatcher, handler
from governance.models import CheckpointStage, Event, EventAction, EventStatus
from governance.services import EventConflict, journal
from tests.governance.conftest import at, drive_to

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: row locks (SELECT … FOR UPDATE) are what this race tests",
    ),
    # Threads use their own connections, which see only committed data; serialized_rollback
    # restores the migrations' rows (Wagtail's root page) for the tests that run after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOW = at("2026-11-02 11:00")


def race(*calls):
    """Run ``calls`` in threads that all enter the service before any takes the row lock.

    Returns each call's result or the exception it raised, in order.
    """
    barrier = threading.Barrier(len(calls), timeout=30)
    real_lock = journal.lock
    results: list = [None] * len(calls)

    def lock_together(event):
        barrier.wait()  # everyone is inside ``apply``'s transaction, about to lock the row
        return real_lock(event)

    def run(index, call):
        try:
            with translation.override("en"):
                results[index] = call()
        except Exception as error:  # the race's loser is reported, not raised
            results[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    with mock.patch.object(journal, "lock", lock_together):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def one_winner(results, event):
    winners = [r for r in results if isinstance(r, Event)]
    losers = [r for r in results if not isinstance(r, Event)]
    assert len(winners) == 1, results
    assert len(losers) == 1 and type(losers[0]) is EventConflict, results
    assert f"Someone else changed event {event.reference}" in str(losers[0])
    assert "Reload the page" in str(losers[0])
    return winners[0]


def fresh(event):
    """The event as another browser tab loaded it: its own object, its own state."""
    return Event.objects.get(pk=event.pk)


def test_two_handlers_start_the_same_event(crew):
    colleague = handler(crew.category.department, crew.community)
    event = drive_to(crew, "dispatched")

    results = race(
        lambda: services.start_handling(fresh(event), crew.handler, now=NOW),
        lambda: services.start_handling(fresh(event), colleague, now=NOW),
    )

    winner = one_winner(results, event)
    event.refresh_from_db()
    assert event.status == EventStatus.IN_PROGRESS
    assert event.handler_id == winner.handler_id
    assert event.handler_id in {crew.handler.pk, colleague.pk}
    assert event.log.filter(action=EventAction.START).count() == 1


def test_two_handlers_resolve_the_same_event(crew):
    colleague = handler(crew.category.department, crew.community)
    event = drive_to(crew, "in_progress")

    results = race(
        lambda: services.resolve_event(fresh(event), crew.handler, "甲：已清理", now=NOW),
        lambda: services.resolve_event(fresh(event), colleague, "乙：已清理", now=NOW),
    )

    winner = one_winner(results, event)
    event.refresh_from_db()
    assert event.status == EventStatus.RESOLVED
    assert event.resolution == winner.resolution
    resolved = event.log.filter(action=EventAction.RESOLVE)
    assert resolved.count() == 1 and resolved.get().note == winner.resolution
    assert event.checkpoints.filter(stage=CheckpointStage.CONFIRM).count() == 1


def test_two_dispatchers_accept_the_same_event(crew):
    colleague = dispatcher(crew.community)
    event = drive_to(crew, "reported")

    results = race(
        lambda: services.accept_event(fresh(event), crew.dispatcher, now=NOW),
        lambda: services.accept_event(fresh(event), colleague, now=NOW),
    )

    one_winner(results, event)
    event.refresh_from_db()
    assert event.status == EventStatus.ACCEPTED
    assert event.log.filter(action=EventAction.ACCEPT).count() == 1
    assert event.checkpoints.filter(stage=CheckpointStage.RESOLVE).count() == 1
