"""Assessment (考核): how each department or community handled the events of a period.

The event keeps its assessment facts as it moves (``accepted_on_time``, ``resolved_on_time``,
``was_overdue``, ``reopen_count``, ``satisfaction``, ``handling_time``), so a report is one
aggregate query grouped by department or community, whatever the number of events; the labels
come from the same query (joined columns), so 673 communities cost no more than one.

An event belongs to a period by the day it was reported (``reported_at``), counted in Shanghai
time: a period is a range of local calendar days, both ends included.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum, TextChoices
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from governance.models import Event

__all__ = [
    "EARLIEST",
    "LATEST",
    "PERIOD_TIMEZONE",
    "AssessmentRow",
    "GroupBy",
    "Period",
    "assess",
    "assessment_total",
    "check_period",
    "local_today",
    "period_bounds",
]

# Assessment periods are the city's working days and months, wherever the server runs.
PERIOD_TIMEZONE = ZoneInfo("Asia/Shanghai")
# Dates outside this range are typing mistakes (and year 1 or 9999 overflow the database).
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


class GroupBy(TextChoices):
    DEPARTMENT = "department", gettext_lazy("Department")
    COMMUNITY = "community", gettext_lazy("Community")


class Period(TextChoices):
    THIS_MONTH = "this_month", gettext_lazy("This month")
    LAST_MONTH = "last_month", gettext_lazy("Last month")
    THIS_QUARTER = "this_quarter", gettext_lazy("This quarter")
    THIS_YEAR = "this_year", gettext_lazy("This year")
    CUSTOM = "custom", gettext_lazy("Custom dates")


def local_today(now: datetime | None = None) -> date:
    """Today in Shanghai."""
    return timezone.localtime(now or timezone.now(), PERIOD_TIMEZONE).date()


def _month_end(day: date) -> date:
    first_of_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_of_next - timedelta(days=1)


def period_bounds(period: str, today: date) -> tuple[date, date]:
    """The first and last day of a named period around ``today`` (not ``Period.CUSTOM``)."""
    if period == Period.THIS_MONTH:
        return today.replace(day=1), _month_end(today)
    if period == Period.LAST_MONTH:
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if period == Period.THIS_QUARTER:
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return first, _month_end(date(first.year, first.month + 2, 1))
    if period == Period.THIS_YEAR:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    raise ValueError(f"not a named period: {period!r}")


@dataclass
class AssessmentRow:
    """One department's or community's figures (``key`` None: the totals row).

    - ``received``: events reported in the period.
    - ``accepted_on_time`` / ``accepted_late``: the dispatch centre answered the event
      (受理, or 不予受理 with a reason) before / after the accept deadline; events not yet
      answered, or merged as duplicates before an answer, are in neither.
    - ``resolved``: events whose latest resolution stands (resolved or closed, not reopened
      since); ``resolved_on_time`` of those, before the resolve deadline.
    - ``overdue``: events that were ever past a deadline (``was_overdue``), even if late
      work followed.
    - ``reopened``: events the reporter reopened at least once; ``reopens`` counts every
      reopening (an event reopened twice counts once in the first, twice in the second).
    - ``avg_satisfaction``: mean of the latest 1–5 score of the events that have one.
    - ``avg_handling_hours``: mean time from report to the latest resolution, in hours.
    """

    key: int | None
    label: str
    received: int = 0
    accepted_on_time: int = 0
    accepted_late: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    overdue: int = 0
    reopened: int = 0
    reopens: int = 0
    # Sums and counts behind the averages, so that a totals row weighs every event alike.
    rated: int = 0
    satisfaction_total: int = 0
    timed: int = 0
    handling_total: timedelta = timedelta(0)

    @property
    def accepted(self) -> int:
        return self.accepted_on_time + self.accepted_late

    @property
    def resolved_late(self) -> int:
        return self.resolved - self.resolved_on_time

    @property
    def accepted_on_time_rate(self) -> float | None:
        """Share of answered events answered on time, in percent (None: none answered)."""
        return _percent(self.accepted_on_time, self.accepted)

    @property
    def resolved_on_time_rate(self) -> float | None:
        return _percent(self.resolved_on_time, self.resolved)

    @property
    def avg_satisfaction(self) -> float | None:
        return round(self.satisfaction_total / self.rated, 2) if self.rated else None

    @property
    def avg_handling_hours(self) -> float | None:
        if not self.timed:
            return None
        return round(self.handling_total.total_seconds() / 3600 / self.timed, 2)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# What the query groups by: the key, then the columns its label is made of.
_GROUPS: dict[str, tuple[str, str, str]] = {
    GroupBy.DEPARTMENT: ("department_id", "department__name", "department__name_en"),
    GroupBy.COMMUNITY: ("community_id", "community__name", "community__subdistrict__name"),
}

# Prefixed: an annotation named like a field ("accepted_on_time") would shadow it in filters.
_MEASURES = {
    "n_received": Count("pk"),
    "n_accepted_on_time": Count("pk", filter=Q(accepted_on_time=True)),
    "n_accepted_late": Count("pk", filter=Q(accepted_on_time=False)),
    "n_resolved": Count("pk", filter=Q(resolved_on_time__isnull=False)),
    "n_resolved_on_time": Count("pk", filter=Q(resolved_on_time=True)),
    "n_overdue": Count("pk", filter=Q(was_overdue=True)),
    "n_reopened": Count("pk", filter=Q(reopen_count__gt=0)),
    "n_reopens": Sum("reopen_count"),
    "n_rated": Count("satisfaction"),
    "n_satisfaction_total": Sum("satisfaction"),
    "n_timed": Count("handling_time"),
    # A sum, not Avg: exact on SQLite (microseconds) and PostgreSQL (interval) alike, and
    # the totals row can add it up.
    "n_handling_total": Sum("handling_time"),
}


def _label(group_by: str, first: str, second: str | None) -> str:
    if group_by == GroupBy.DEPARTMENT:
        # As Department.display_name: the English name on English pages, when there is one.
        return second if second and (get_language() or "").startswith("en") else first
    # Community names repeat across subdistricts: say which one.
    return f"{first} ({second})" if second else first


def check_period(start: date, end: date) -> None:
    """Raise ``ValidationError`` unless ``start``–``end`` is a sensible range of days."""
    for day in (start, end):
        if not EARLIEST <= day <= LATEST:
            raise ValidationError(
                _("Choose dates between %(first)s and %(last)s.")
                % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
            )
    if end < start:
        raise ValidationError(_("The last day is before the first day."))


def assess(
    *,
    group_by: str,
    start: date,
    end: date,
    queryset: QuerySet[Event] | None = None,
) -> list[AssessmentRow]:
    """考核: the figures of each department or community (``group_by``) for the events
    reported from ``start`` to ``end`` (Shanghai days, both included), busiest first.

    ``queryset`` limits the events (``events_in_scope(user)`` for a member of staff). Only
    groups with events get a row. One query, labels included. Raises ``ValidationError``
    for a period that ends before it starts or lies outside 2000–2099.
    """
    if group_by not in _GROUPS:
        raise ValueError(f"group_by must be one of {sorted(_GROUPS)}, not {group_by!r}")
    check_period(start, end)
    lower = datetime.combine(start, time.min, tzinfo=PERIOD_TIMEZONE)
    upper = datetime.combine(end + timedelta(days=1), time.min, tzinfo=PERIOD_TIMEZONE)
    events = Event.objects.all() if queryset is None else queryset
    key, *label_columns = _GROUPS[group_by]
    figures = (
        events.filter(reported_at__gte=lower, reported_at__lt=upper)
        .order_by()  # no Meta.ordering column in the GROUP BY
        .values(key, *label_columns)
        .annotate(**_MEASURES)
    )
    rows = [
        AssessmentRow(
            key=values[key],
            label=_label(group_by, values[label_columns[0]], values[label_columns[1]]),
            **{name[2:]: values[name] or _zero(name) for name in _MEASURES},
        )
        for values in figures
    ]
    rows.sort(key=lambda row: (-row.received, row.label))
    return rows


def _zero(name: str) -> int | timedelta:
    # SUM over no rows (or only NULLs) is NULL.
    return timedelta(0) if name == "n_handling_total" else 0


def assessment_total(rows: list[AssessmentRow], label: str | None = None) -> AssessmentRow:
    """The totals row of ``rows``: every count added up, the averages over all events."""
    total = AssessmentRow(key=None, label=label if label is not None else _("Total"))
    for row in rows:
        for item in fields(AssessmentRow):
            if item.name not in ("key", "label"):
                setattr(total, item.name, getattr(total, item.name) + getattr(row, item.name))
    return total
