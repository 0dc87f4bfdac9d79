"""Background work of the polls (民意议事): close what is due. ``manage.py run_scheduler``
enqueues ``close_due_polls_task`` every interval next to the checkpoint scan; a task worker
runs it."""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def close_due_polls_task() -> dict[str, int]:
    """Lock the discussions whose voting opened, conclude the deliberations whose voting
    closed (阳光议事计票) and publish the results of elections that closed (选举结果);
    returns the counts."""
    from polls.services.deliberations import advance_deliberations
    from polls.services.elections import publish_due_results

    counts = {f"deliberations_{k}": v for k, v in advance_deliberations().items()}
    counts["elections_published"] = publish_due_results()
    if any(counts.values()):
        logger.info("Polls closed: %s", counts)
    return counts
