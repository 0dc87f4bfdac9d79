"""Working-time calendar (工作日历) for governance deadlines (办理时限).

SLAs count working hours or working days in the city's local time: nights, the lunch break,
weekends and statutory holidays (法定节假日) do not count; make-up working days (调休上班日) do.
Holidays come from ``chinese-calendar`` for the years it knows and from ``WorkingDayOverride``
rows for later years or corrections; a year neither knows falls back to Monday–Friday.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.utils import timezone

from .models import SlaUnit, WorkingDayOverride

DEFAULT_WORKING_HOURS = (("09:00", "12:00"), ("14:00", "18:00"))

# Overrides can only declare a finite run of days off; a longer run means bad data, and
# without a bound a deadline computation would never return.
MAX_NON_WORKING_RUN = 400

# chinese_calendar raises NotImplementedError outside the years of its holiday table.
_CC_FIRST_YEAR = min(chinese_calendar.holidays).year
_CC_LAST_YEAR = max(chinese_calendar.holidays).year

Periods = tuple[tuple[time, time], ...]


def _parse_time(value: object) -> time:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = time.fromisoformat(value)
    # Periods are wall-clock times in the city's time zone, so an offset would be misleading.
    if isinstance(value, time) and value.tzinfo is None:
        return value
    raise ValueError(f"GOVERNANCE_WORKING_HOURS: {value!r} is not a time like '09:00'.")


@lru_cache(maxsize=8)
def _parse_periods(raw: tuple) -> Periods:
    # Cached per distinct value: parsed once, yet override_settings in tests still applies.
    if not raw:
        raise ValueError("GOVERNANCE_WORKING_HOURS must list at least one (start, end) period.")
    periods: list[tuple[time, time]] = []
    for pair in raw:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise ValueError(f"GOVERNANCE_WORKING_HOURS: {pair!r} is not a (start, end) pair.")
        start, end = _parse_time(pair[0]), _parse_time(pair[1])
        if start >= end:
            raise ValueError(f"GOVERNANCE_WORKING_HOURS: period {pair!r} ends before it starts.")
        if periods and start < periods[-1][1]:
            raise ValueError(
                f"GOVERNANCE_WORKING_HOURS: period {pair!r} overlaps or precedes the one before."
            )
        periods.append((start, end))
    return tuple(periods)


def working_periods(raw: Iterable | None = None) -> Periods:
    """The daily working periods (作息时间), ascending.

    From ``raw``, else ``settings.GOVERNANCE_WORKING_HOURS``, else 09:00–12:00 and 14:00–18:00.
    """
    if raw is None:
        raw = getattr(settings, "GOVERNANCE_WORKING_HOURS", DEFAULT_WORKING_HOURS)
    try:
        key = tuple(tuple(p) if isinstance(p, list) else p for p in raw)
    except TypeError:
        raise ValueError(f"GOVERNANCE_WORKING_HOURS: {raw!r} is not a list of periods.") from None
    return _parse_periods(key)


def _covered_by_chinese_calendar(year: int) -> bool:
    return _CC_FIRST_YEAR <= year <= _CC_LAST_YEAR


class WorkingCalendar:
    """Working days and hours, with holiday overrides (节假日及调休) for some dates."""

    def __init__(
        self, overrides: Mapping[date, bool] | None = None, periods: Iterable | None = None
    ) -> None:
        self.overrides: dict[date, bool] = dict(overrides or {})
        self.periods = working_periods(periods)
        self.tz = timezone.get_default_timezone()

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (工作日), make-up working days included."""
        if d in self.overrides:
            return self.overrides[d]
        if _covered_by_chinese_calendar(d.year):
            return chinese_calendar.is_workday(d)
        return d.weekday() < 5

    def _next_working_day(self, d: date) -> date:
        """The first working day on or after ``d``."""
        for _ in range(MAX_NON_WORKING_RUN):
            if self.is_working_day(d):
                return d
            d += timedelta(days=1)
        raise ValueError(f"No working day in the {MAX_NON_WORKING_RUN} days from {d}.")

    def _local(self, moment: datetime) -> datetime:
        # Working hours are the city's, whatever time zone the request has activated.
        return timezone.localtime(moment, self.tz)

    def _period_bounds(self, d: date) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.combine(d, s, tzinfo=self.tz), datetime.combine(d, e, tzinfo=self.tz))
            for s, e in self.periods
        ]

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment ``hours`` working hours after ``start``.

        A start outside working time counts from the next working period; a deadline that
        falls exactly on a period's end is that end (e.g. 18:00), not the next morning.
        """
        if hours < 0:
            raise ValueError("hours must not be negative.")
        cursor = self._local(start)
        remaining = timedelta(hours=hours)
        day = self._next_working_day(cursor.date())
        while True:
            for period_start, period_end in self._period_bounds(day):
                begin = max(period_start, cursor)
                if begin >= period_end:
                    continue
                if remaining <= period_end - begin:
                    return begin + remaining
                remaining -= period_end - begin
            day = self._next_working_day(day + timedelta(days=1))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The end of the last working period of the ``days``-th working day after ``start``.

        The start day itself is not counted (期间开始之日不计算在内).
        """
        if days < 1:
            raise ValueError("days must be at least 1.")
        day = self._local(start).date()
        for _ in range(days):
            day = self._next_working_day(day + timedelta(days=1))
        return datetime.combine(day, self.periods[-1][1], tzinfo=self.tz)

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        """Working hours elapsed from ``a`` to ``b``; 0 if ``b`` is not after ``a``."""
        a, b = self._local(a), self._local(b)
        if b <= a:
            return 0.0
        total = timedelta()
        day = a.date()
        while day <= b.date():
            if self.is_working_day(day):
                for period_start, period_end in self._period_bounds(day):
                    begin, end = max(period_start, a), min(period_end, b)
                    if end > begin:
                        total += end - begin
            day += timedelta(days=1)
        return total.total_seconds() / 3600

    def deadline(self, start: datetime, amount: int, unit: str) -> datetime:
        """The deadline ``amount`` working hours or days (``SlaUnit``) after ``start``."""
        _validate_sla(amount, unit)
        if unit == SlaUnit.HOURS:
            return self.add_working_hours(start, amount)
        return self.add_working_days(start, amount)


def _validate_sla(amount: int, unit: str) -> None:
    if unit not in SlaUnit.values:
        raise ValueError(f"Unknown SLA unit {unit!r}; expected one of {SlaUnit.values}.")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise ValueError(f"SLA amount must be a whole number of at least 1, not {amount!r}.")


def calendar_between(first: date, last: date) -> WorkingCalendar:
    """A calendar with the ``WorkingDayOverride`` rows from ``first`` to ``last`` (one query)."""
    rows = WorkingDayOverride.objects.filter(date__range=(first, last))
    return WorkingCalendar(dict(rows.values_list("date", "is_working_day")))


def deadline(start: datetime, amount: int, unit: str) -> datetime:
    """The deadline (办理时限) ``amount`` working hours/days after ``start``, with overrides.

    Loads the overrides for a generous span in one query; in the rare case the deadline falls
    beyond it (a very long holiday entered as overrides), retries with a wider span.
    """
    _validate_sla(amount, unit)
    first = timezone.localtime(start, timezone.get_default_timezone()).date()
    if unit == SlaUnit.HOURS:
        daily = sum(
            (datetime.combine(first, e) - datetime.combine(first, s)).total_seconds() / 3600
            for s, e in working_periods()
        )
        span = math.ceil(amount / daily) * 3 + 30
    else:
        span = amount * 3 + 30
    while True:
        last = first + timedelta(days=span)
        result = calendar_between(first, last).deadline(start, amount, unit)
        if timezone.localtime(result, timezone.get_default_timezone()).date() <= last:
            return result
        span *= 2


def share_of_working_time(start: datetime, due: datetime, share: float) -> datetime:
    """The moment ``share`` (0–1) of the working time from ``start`` to ``due`` has gone: a
    warning at 75 % falls in office hours, not on the Sunday before a Monday deadline."""
    calendar = calendar_between(timezone.localdate(start), timezone.localdate(due))
    total = calendar.working_hours_between(start, due)
    return min(calendar.add_working_hours(start, total * share), due)


def years_without_holiday_data(years: Iterable[int]) -> list[int]:
    """The years ``chinese-calendar`` does not know and no ``WorkingDayOverride`` covers, sorted."""
    unknown = {y for y in years if not _covered_by_chinese_calendar(y)}
    if not unknown:
        return []
    entered = set(WorkingDayOverride.objects.filter(date__year__in=unknown).dates("date", "year"))
    return sorted(unknown - {d.year for d in entered})
