"""Background work of the organisations (社会组织): every night, flag the required
disclosures that became overdue and bring every organisation's transparency index up to date.
``manage.py run_scheduler`` enqueues ``flag_overdue_disclosures_task``; a task worker runs it."""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def flag_overdue_disclosures_task() -> dict[str, int]:
    """Flag overdue required disclosures (逾期提醒) and refresh the stored transparency indexes;
    returns the counts."""
    from django.utils import timezone

    from organisations.models import Organisation
    from organisations.services.overdue import flag_overdue
    from organisations.services.transparency import refresh_index

    today = timezone.localdate()
    flagged = flag_overdue(today)
    refreshed = 0
    for organisation in Organisation.objects.order_by("pk").iterator():
        refresh_index(organisation, today)
        refreshed += 1
    if flagged:
        logger.info("Overdue disclosures flagged: %s", flagged)
    return {"flagged": flagged, "indexes_refreshed": refreshed}
