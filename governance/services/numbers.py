"""Event reference numbers (事件编号): the year and a counter, e.g. ``2026-0000123``."""

from datetime import datetime

from django.db.models import F
from django.utils import timezone

from governance.models import EventCounter


def next_reference(now: datetime) -> str:
    """Take the next number of ``now``'s year. Call inside the reporting transaction: the
    counter row stays locked until it commits, so numbers are unique and have no gaps from
    concurrent reports (a rolled-back report gives its number back)."""
    year = timezone.localtime(now).year
    updated = EventCounter.objects.filter(year=year).update(last=F("last") + 1)
    if not updated:
        # First event of the year; get_or_create tolerates a concurrent first report.
        _counter, created = EventCounter.objects.get_or_create(year=year, defaults={"last": 1})
        if not created:
            EventCounter.objects.filter(year=year).update(last=F("last") + 1)
    last = EventCounter.objects.values_list("last", flat=True).get(year=year)
    return f"{year}-{last:07d}"
