"""The periodic scheduler of the work network: enqueue the checkpoint scan every interval,
the polls' closing (deliberations counted, election results published) next to it, and once
a day the social organisations' disclosure check.

A task worker (``manage.py db_worker``) runs what this enqueues. ``make demo`` starts both
next to the web server; in production run one scheduler (or ``run_scheduler --once`` from
cron) and as many workers as needed.
"""

from __future__ import annotations

import logging
import math
import signal
import threading
from argparse import ArgumentTypeError
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from governance.tasks import scan_checkpoints_task
from organisations.tasks import flag_overdue_disclosures_task
from polls.tasks import close_due_polls_task

logger = logging.getLogger("governance.scheduler")

# A scan still "running" after this long lost its worker (killed mid-task): stop waiting for it.
STALE_AFTER = timedelta(minutes=30)


def _positive(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not (seconds > 0 and math.isfinite(seconds)):
        raise ArgumentTypeError(_("give a number of seconds above 0"))
    return seconds


def pending_scan() -> DBTaskResult | None:
    """The scan still waiting for a worker or being run, if any (database backend only).

    A running row older than ``STALE_AFTER`` does not count: its worker died, and waiting for
    it would stop the scans for good.
    """
    return _pending(scan_checkpoints_task)


def _pending(task) -> DBTaskResult | None:
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return None  # other backends run the task at once or keep no table to ask
    pending = DBTaskResult.objects.filter(
        backend_name=backend.alias,
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).exclude(status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER)
    return pending.order_by("enqueued_at").first()


def enqueue_scan() -> str | None:
    """Enqueue one scan unless one is already queued or running; the new task's id, or None."""
    previous = pending_scan()
    if previous is not None:
        state = "running" if previous.status == TaskResultStatus.RUNNING else "waiting for a worker"
        logger.info(
            "Checkpoint scan %s (queued %s) is still %s; not enqueuing another.",
            previous.id,
            timezone.localtime(previous.enqueued_at).strftime("%Y-%m-%d %H:%M:%S"),
            state,
        )
        return None
    result = scan_checkpoints_task.enqueue()
    logger.info("Enqueued checkpoint scan %s.", result.id)
    return str(result.id)


def enqueue_poll_closing() -> str | None:
    """Enqueue the polls' closing unless one is already queued or running (as the scan)."""
    if _pending(close_due_polls_task) is not None:
        return None
    result = close_due_polls_task.enqueue()
    logger.debug("Enqueued the polls' closing %s.", result.id)
    return str(result.id)


def enqueue_disclosure_check() -> str | None:
    """Enqueue the organisations' nightly work (overdue disclosures flagged, transparency
    indexes refreshed) once per local day: the first tick of a day does it.

    The day is claimed in the shared cache (``cache.add`` is atomic), so several schedulers
    or a restart on the same day do not run it twice, whatever the task backend.
    """
    today = timezone.localdate().isoformat()
    if not cache.add(f"jiayuan:disclosure-check:{today}", True, timeout=2 * 24 * 3600):
        return None
    result = flag_overdue_disclosures_task.enqueue()
    logger.info("Enqueued the disclosure check %s for %s.", result.id, today)
    return str(result.id)


class Command(BaseCommand):
    help = (
        "Enqueue the checkpoint scan (warnings, overdue marks, escalation, automatic closing) "
        "every --interval seconds for a task worker to run. Stops cleanly on Ctrl-C or SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=_positive,
            default=None,
            help="Seconds between two scans (default: settings.GOVERNANCE_SCAN_INTERVAL).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Enqueue one scan and exit (for cron)."
        )

    def handle(self, *args, interval: float | None, once: bool, **options):
        if once:
            enqueue_scan()
            enqueue_poll_closing()
            enqueue_disclosure_check()
            return
        interval = interval or settings.GOVERNANCE_SCAN_INTERVAL
        if interval <= 0:
            raise CommandError(_("GOVERNANCE_SCAN_INTERVAL must be above 0."))
        stop = threading.Event()

        def request_stop(signum, frame):
            logger.info("Received %s; stopping the scheduler.", signal.Signals(signum).name)
            stop.set()

        signals = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, request_stop) for sig in signals}
        logger.info("Scheduler started: a checkpoint scan every %g seconds.", interval)
        try:
            while not stop.is_set():
                close_old_connections()  # a long-lived process: drop connections gone stale
                try:
                    enqueue_scan()
                    enqueue_poll_closing()
                    enqueue_disclosure_check()
                except DatabaseError as error:
                    # A locked or restarting database: try again at the next tick, don't die.
                    logger.warning("Could not enqueue the checkpoint scan: %s", error)
                stop.wait(interval)  # returns early when a signal sets ``stop``
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        logger.info("Scheduler stopped.")
