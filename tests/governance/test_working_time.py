"""Working-time calendar (工作日历): SLA deadlines in working hours and working days.

Dates of 2026 come from chinese-calendar 1.11.0 (the State Council's notice for 2026):
Spring Festival 15–23 Feb off, Sat 14 Feb and Sat 28 Feb make-up working days;
Mid-autumn 25–27 Sep and National Day 1–7 Oct off, Sun 20 Sep and Sat 10 Oct make-up working days.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from django.core import checks
from django.test import override_settings
from django.utils import timezone, translation

from governance.checks import holiday_data_check
from governance.models import SlaUnit, WorkingDayOverride
from governance.working_time import (
    WorkingCalendar,
    calendar_between,
    deadline,
    years_without_holiday_data,
)


@pytest.fixture(autouse=True)
def _english_messages():
    # The messages are asserted in their English source words; pages are tested in Chinese.
    with translation.override("en"):
        yield


SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SH)


@pytest.fixture
def cal():
    return WorkingCalendar()


def test_the_2026_holiday_data_is_what_these_tests_assume():
    # If a chinese-calendar upgrade corrected 2026, the expectations below would need to follow.
    off = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
    off += [date(2026, 9, 25), date(2026, 9, 26), date(2026, 9, 27)]
    off += [date(2026, 10, 1) + timedelta(days=i) for i in range(7)]
    assert not any(chinese_calendar.is_workday(d) for d in off)
    for make_up in (date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)):
        assert make_up.weekday() >= 5
        assert chinese_calendar.is_workday(make_up)


# --- working hours ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(2026, 3, 10, 11), 2, at(2026, 3, 10, 15)),  # across the lunch break
        (at(2026, 3, 10, 17), 3, at(2026, 3, 11, 11)),  # across a night
        (at(2026, 3, 13, 16), 4, at(2026, 3, 16, 11)),  # Friday afternoon to Monday
        (at(2026, 3, 10, 9), 7, at(2026, 3, 10, 18)),  # a whole day ends at 18:00, not next 9:00
        (at(2026, 3, 10, 16), 2, at(2026, 3, 10, 18)),
        (at(2026, 3, 10, 9), 8, at(2026, 3, 11, 10)),
        (at(2026, 3, 10, 11, 45), 0.5, at(2026, 3, 10, 14, 15)),
        (at(2026, 3, 10, 10), 70, at(2026, 3, 24, 10)),  # ten working days, two weekends
    ],
)
def test_add_working_hours(cal, start, hours, expected):
    assert cal.add_working_hours(start, hours) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 3, 10, 7, 30), at(2026, 3, 10, 10)),  # before 9
        (at(2026, 3, 10, 12, 30), at(2026, 3, 10, 15)),  # at lunch
        (at(2026, 3, 10, 12), at(2026, 3, 10, 15)),  # the very end of the morning
        (at(2026, 3, 10, 19), at(2026, 3, 11, 10)),  # after 18
        (at(2026, 3, 14, 10), at(2026, 3, 16, 10)),  # on a Saturday
        (at(2026, 10, 3, 10), at(2026, 10, 8, 10)),  # on a National Day holiday
    ],
)
def test_a_start_outside_working_time_counts_from_the_next_period(cal, start, expected):
    assert cal.add_working_hours(start, 1) == expected


def test_working_hours_across_holidays_and_make_up_days(cal):
    assert cal.add_working_hours(at(2026, 9, 30, 16), 4) == at(2026, 10, 8, 11)
    # Friday 9 Oct to the make-up Saturday 10 Oct (调休), not to Monday.
    assert cal.add_working_hours(at(2026, 10, 9, 17), 2) == at(2026, 10, 10, 10)
    assert cal.add_working_hours(at(2026, 9, 19, 10), 1) == at(2026, 9, 20, 10)
    # Spring Festival: from the make-up Saturday 14 Feb over the nine days off.
    assert cal.add_working_hours(at(2026, 2, 14, 17), 2) == at(2026, 2, 24, 10)


def test_input_in_another_time_zone_uses_the_city_working_hours(cal):
    # 01:00 UTC is 09:00 in Shanghai, whatever time zone the request activated.
    with timezone.override("UTC"):
        result = cal.add_working_hours(datetime(2026, 3, 10, 1, tzinfo=UTC), 1)
    assert result == datetime(2026, 3, 10, 2, tzinfo=UTC)
    assert result.utcoffset() == timedelta(hours=8)


# --- working days ----------------------------------------------------------------------------


def test_working_days_across_national_day_2026(cal):
    start = at(2026, 9, 29, 10)
    assert cal.add_working_days(start, 1) == at(2026, 9, 30, 18)
    assert cal.add_working_days(start, 2) == at(2026, 10, 8, 18)
    assert cal.add_working_days(start, 3) == at(2026, 10, 9, 18)
    # The make-up Saturday 10 Oct is the fourth working day; Sunday 11 Oct is not one.
    assert cal.add_working_days(start, 4) == at(2026, 10, 10, 18)
    assert cal.add_working_days(start, 5) == at(2026, 10, 12, 18)


def test_working_days_across_mid_autumn_and_a_make_up_sunday(cal):
    # Saturday 19 Sep: Sunday 20 Sep is a make-up working day, 25–27 Sep are off.
    start = at(2026, 9, 19, 10)
    assert cal.add_working_days(start, 1) == at(2026, 9, 20, 18)
    assert cal.add_working_days(start, 5) == at(2026, 9, 24, 18)
    assert cal.add_working_days(start, 6) == at(2026, 9, 28, 18)


def test_working_days_across_spring_festival_2026(cal):
    start = at(2026, 2, 13, 10)
    assert cal.add_working_days(start, 1) == at(2026, 2, 14, 18)  # make-up Saturday
    assert cal.add_working_days(start, 2) == at(2026, 2, 24, 18)
    assert cal.add_working_days(start, 6) == at(2026, 2, 28, 18)  # the second make-up Saturday


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 3, 10, 0, 5), at(2026, 3, 11, 18)),  # the start day never counts
        (at(2026, 3, 10, 23, 30), at(2026, 3, 11, 18)),
        (at(2026, 3, 13, 17), at(2026, 3, 16, 18)),  # Friday to Monday
        (at(2026, 10, 3, 10), at(2026, 10, 8, 18)),  # from inside a holiday
    ],
)
def test_one_working_day(cal, start, expected):
    assert cal.add_working_days(start, 1) == expected


def test_a_month_of_working_days(cal):
    # 30 working days from Tue 1 Sep 2026: 21 in September after the 1st (21 weekdays, minus
    # Fri 25 Sep, plus Sun 20 Sep), then 8, 9, 10 (Sat), 12–16 and 19 Oct.
    assert cal.add_working_days(at(2026, 9, 1, 10), 30) == at(2026, 10, 19, 18)


# --- working hours between -------------------------------------------------------------------


def test_working_hours_between(cal):
    assert cal.working_hours_between(at(2026, 3, 10, 11), at(2026, 3, 11, 10)) == 6
    assert cal.working_hours_between(at(2026, 3, 13, 16), at(2026, 3, 16, 11)) == 4
    assert cal.working_hours_between(at(2026, 9, 30, 8), at(2026, 10, 8, 9)) == 7
    assert cal.working_hours_between(at(2026, 3, 10, 12, 15), at(2026, 3, 10, 13, 45)) == 0
    assert cal.working_hours_between(at(2026, 3, 11), at(2026, 3, 10)) == 0
    start = at(2026, 9, 30, 10, 20)
    assert cal.working_hours_between(start, cal.add_working_hours(start, 12.5)) == 12.5


# --- deadline, units and bad input -----------------------------------------------------------


def test_deadline_dispatches_on_the_sla_unit(cal):
    start = at(2026, 9, 30, 16)
    assert cal.deadline(start, 4, SlaUnit.HOURS) == at(2026, 10, 8, 11)
    assert cal.deadline(start, 2, "days") == at(2026, 10, 9, 18)


@pytest.mark.parametrize(
    ("amount", "unit"),
    [(1, "minutes"), (1, "weeks"), (1, ""), (0, "days"), (-3, "hours"), (1.5, "hours")],
)
def test_bad_units_and_amounts_raise(cal, amount, unit):
    with pytest.raises(ValueError, match="SLA"):
        cal.deadline(at(2026, 3, 10, 10), amount, unit)
    with pytest.raises(ValueError, match="SLA"):
        deadline(at(2026, 3, 10, 10), amount, unit)  # rejected before any query


def test_bad_hours_and_days_raise(cal):
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_hours(at(2026, 3, 10, 10), -1)
    with pytest.raises(ValueError, match="at least 1"):
        cal.add_working_days(at(2026, 3, 10, 10), 0)


def test_a_run_of_400_days_off_raises_instead_of_looping():
    days_off = {date(2027, 1, 1) + timedelta(days=i): False for i in range(400)}
    cal = WorkingCalendar(days_off)
    with pytest.raises(ValueError, match="No working day"):
        cal.add_working_days(at(2026, 12, 31, 10), 1)
    with pytest.raises(ValueError, match="No working day"):
        cal.add_working_hours(at(2026, 12, 31, 17), 2)


# --- configured working periods --------------------------------------------------------------


@override_settings(GOVERNANCE_WORKING_HOURS=[["08:30", "12:00"], ["13:30", "17:30"]])
def test_working_periods_come_from_the_setting():
    cal = WorkingCalendar()
    assert cal.add_working_hours(at(2026, 3, 10, 11), 2) == at(2026, 3, 10, 14, 30)
    assert cal.add_working_days(at(2026, 3, 10, 11), 1) == at(2026, 3, 11, 17, 30)


@pytest.mark.parametrize(
    "periods",
    [
        [],
        [("9am", "12:00")],
        [("12:00", "09:00")],
        [("09:00", "12:00"), ("11:00", "18:00")],
        [("14:00", "18:00"), ("09:00", "12:00")],
        [("09:00",)],
        [("09:00+08:00", "12:00")],
        "09:00-18:00",
        5,
    ],
)
def test_malformed_working_periods_raise(periods):
    with pytest.raises(ValueError, match="GOVERNANCE_WORKING_HOURS"):
        WorkingCalendar(periods=periods)
    with override_settings(GOVERNANCE_WORKING_HOURS=periods), pytest.raises(ValueError):
        WorkingCalendar()


# --- years chinese-calendar does not know: WorkingDayOverride --------------------------------


def test_a_year_without_data_falls_back_to_monday_to_friday():
    cal = WorkingCalendar()
    # 1 Jan 2027 is a Friday; chinese-calendar 1.11.0 knows nothing of 2027.
    assert cal.is_working_day(date(2027, 1, 1))
    assert not cal.is_working_day(date(2027, 1, 2))
    assert cal.add_working_days(at(2026, 12, 31, 10), 1) == at(2027, 1, 1, 18)


@pytest.mark.django_db
def test_deadline_without_overrides_counts_monday_to_friday_in_2027():
    assert deadline(at(2026, 12, 31, 10), 1, "days") == at(2027, 1, 1, 18)
    assert deadline(at(2026, 12, 31, 17), 3, "hours") == at(2027, 1, 1, 11)


@pytest.mark.django_db
def test_deadline_honours_overrides_in_one_query(django_assert_num_queries):
    WorkingDayOverride.objects.create(date=date(2027, 1, 1), is_working_day=False, note="元旦")
    WorkingDayOverride.objects.create(date=date(2027, 1, 3), is_working_day=True, note="调休")
    with django_assert_num_queries(1):
        assert deadline(at(2026, 12, 31, 10), 1, "days") == at(2027, 1, 3, 18)
    with django_assert_num_queries(1):
        assert deadline(at(2026, 12, 31, 17), 3, SlaUnit.HOURS) == at(2027, 1, 3, 11)


@pytest.mark.django_db
def test_an_override_corrects_a_year_chinese_calendar_knows():
    WorkingDayOverride.objects.create(date=date(2026, 3, 11), is_working_day=False)
    assert deadline(at(2026, 3, 10, 10), 1, "days") == at(2026, 3, 12, 18)


@pytest.mark.django_db
def test_calendar_between_loads_only_the_range(django_assert_num_queries):
    WorkingDayOverride.objects.create(date=date(2027, 1, 4), is_working_day=False)
    WorkingDayOverride.objects.create(date=date(2027, 3, 1), is_working_day=False)
    with django_assert_num_queries(1):
        cal = calendar_between(date(2027, 1, 1), date(2027, 1, 31))
    assert not cal.is_working_day(date(2027, 1, 4))
    assert cal.is_working_day(date(2027, 3, 1))  # outside the range: Monday, a working day


@pytest.mark.django_db
def test_deadline_reloads_when_overrides_push_it_past_the_span():
    # A 60-day shutdown entered as overrides: past the first span of 1 * 3 + 30 days.
    for i in range(60):
        WorkingDayOverride.objects.create(
            date=date(2027, 1, 1) + timedelta(days=i), is_working_day=False
        )
    assert deadline(at(2026, 12, 31, 10), 1, "days") == at(2027, 3, 2, 18)


@pytest.mark.django_db
def test_years_without_holiday_data():
    assert years_without_holiday_data([2026, 2027, 2028]) == [2027, 2028]
    WorkingDayOverride.objects.create(date=date(2028, 1, 1), is_working_day=False)
    assert years_without_holiday_data([2028, 2027, 2027, 2026]) == [2027]
    assert years_without_holiday_data([2004, 2025]) == []
    assert years_without_holiday_data([2003]) == [2003]


# --- the W001 system check -------------------------------------------------------------------


def _today_is(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


@pytest.mark.django_db
def test_w001_warns_when_next_year_has_no_holiday_data(monkeypatch):
    _today_is(monkeypatch, date(2026, 11, 27))
    [warning] = holiday_data_check(None)
    assert isinstance(warning, checks.Warning)
    assert warning.id == "governance.W001"
    assert "2027" in warning.msg
    assert "2026" not in warning.msg
    assert "Working calendar" in warning.hint


@pytest.mark.django_db
def test_w001_names_every_missing_year(monkeypatch):
    _today_is(monkeypatch, date(2027, 2, 1))
    [warning] = holiday_data_check(None)
    assert "2027" in warning.msg
    assert "2028" in warning.msg


@pytest.mark.django_db
def test_w001_is_silent_once_the_holidays_are_entered(monkeypatch):
    _today_is(monkeypatch, date(2026, 11, 27))
    WorkingDayOverride.objects.create(date=date(2027, 1, 1), is_working_day=False, note="元旦")
    assert holiday_data_check(None) == []


@pytest.mark.django_db
def test_w001_does_not_fail_before_migrate(monkeypatch):
    _today_is(monkeypatch, date(2026, 11, 27))
    # As before `migrate`: the table is not there, and the query really fails.
    monkeypatch.setattr(WorkingDayOverride._meta, "db_table", "governance_not_migrated_yet")
    assert holiday_data_check(None) == []
