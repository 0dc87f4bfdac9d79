"""Background work of the work network: the periodic checkpoint scan (电子监察扫描).

``manage.py run_scheduler`` enqueues the scan every ``GOVERNANCE_SCAN_INTERVAL`` seconds and a
task worker (``manage.py db_worker``) runs it; the notifications it sends go out through
``notifications.tasks`` in turn.
"""

import logging

from django.tasks import task

from governance.services import scan_checkpoints

logger = logging.getLogger(__name__)


# Ahead of the default priority: deadlines must not wait behind a backlog of search-index
# updates (a fresh demo seed queues thousands).
SCAN_PRIORITY = 10


@task(priority=SCAN_PRIORITY)
def scan_checkpoints_task() -> dict[str, int]:
    """Warn, mark overdue, escalate (督办) and close what is due now; returns the counts."""
    counts = scan_checkpoints().as_dict()
    # One line per scan that did something: a quiet scan every minute would drown the log.
    if any(counts.values()):
        logger.info(
            "Checkpoint scan: %(events)d events, %(warned)d warned, %(overdue)d overdue, "
            "%(escalated)d escalated, %(closed)d closed.",
            counts,
        )
    return counts
