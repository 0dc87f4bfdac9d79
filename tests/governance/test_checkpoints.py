"""Electronic supervision checkpoints (电子监察点): deadlines in working time, the periodic scan,
warnings (黄牌), overdue (红牌), the supervision chain (督办) and closing without an answer.

Time is injected (``now=``), never waited for.
"""

from datetime import date, timedelta

import chinese_calendar
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import SupervisionLevel
from communities.models import District
from governance import services
from governance.factories import CategoryFactory, make_event, supervisor
from governance.models import (
    CheckpointStage,
    CheckpointState,
    EventAction,
    EventStatus,
    HandlingLevel,
    Supervision,
)
from governance.services import ScanResult, TransitionError
from governance.working_time import WorkingCalendar
from notifications.models import Notification
from tests.governance.conftest import act, at, drive_to

# The handler is warned (黄牌) once 75 % of a stage's time has gone.
WARN_SHARE = 0.75


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_2026_calendar_is_what_these_tests_assume():
    national_day = [date(2026, 10, day) for day in range(1, 8)]
    assert not any(chinese_calendar.is_workday(day) for day in national_day)
    for make_up in (date(2026, 9, 20), date(2026, 10, 10)):  # a Sunday and a Saturday
        assert make_up.weekday() >= 5 and chinese_calendar.is_workday(make_up)
    assert not chinese_calendar.is_workday(date(2026, 9, 25))  # Mid-autumn


def stage(event, name):
    return event.checkpoints.get(stage=name, state__in=["pending", "warned"])


# --- deadlines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "due"),
    [
        ("2026-11-02 11:00", "2026-11-02 17:00"),  # across the lunch break
        ("2026-11-02 12:30", "2026-11-02 18:00"),  # reported at lunch: counts from 14:00
        ("2026-11-06 16:00", "2026-11-09 11:00"),  # Friday afternoon to Monday
        ("2026-09-30 17:00", "2026-10-08 12:00"),  # across National Day
        ("2026-10-09 17:00", "2026-10-10 12:00"),  # into Saturday 10 Oct, a make-up working day
        ("2026-09-19 10:00", "2026-09-20 15:00"),  # reported Saturday: Sunday 20 Sep works
    ],
)
def test_accept_deadline_in_working_hours(crew, reported, due):
    event = crew.report(now=at(reported))  # the category: 4 working hours to accept
    checkpoint = stage(event, CheckpointStage.ACCEPT)
    assert checkpoint.started_at == at(reported)
    assert checkpoint.due_at == at(due)
    # The warning falls when 75 % of the working time has gone, inside office hours.
    calendar = WorkingCalendar()
    total = calendar.working_hours_between(at(reported), at(due))
    used = calendar.working_hours_between(at(reported), checkpoint.warn_at)
    assert used == pytest.approx(total * WARN_SHARE, abs=1e-6)
    minute = timedelta(minutes=1)  # office hours run up to the warning
    assert calendar.working_hours_between(checkpoint.warn_at - minute, checkpoint.warn_at) > 0
    assert event.next_check_at == checkpoint.warn_at


@pytest.mark.parametrize(
    ("accepted", "due"),
    [
        ("2026-11-02 09:30", "2026-11-05 18:00"),  # an ordinary week
        ("2026-09-29 10:00", "2026-10-09 18:00"),  # 30 Sep, then 8 and 9 Oct: National Day off
        ("2026-10-09 10:00", "2026-10-13 18:00"),  # Sat 10 Oct counts, Sun 11 Oct does not
        ("2026-09-18 10:00", "2026-09-22 18:00"),  # Sun 20 Sep counts
        ("2026-09-24 10:00", "2026-09-30 18:00"),  # Mid-autumn 25–27 Sep off
    ],
)
def test_resolve_deadline_in_working_days(crew, accepted, due):
    event = crew.report(now=at(accepted) - timedelta(minutes=20))
    services.accept_event(event, crew.dispatcher, now=at(accepted))  # 3 working days to resolve
    checkpoint = stage(event, CheckpointStage.RESOLVE)
    assert checkpoint.started_at == at(accepted)
    assert checkpoint.due_at == at(due)
    assert event.next_check_at == checkpoint.warn_at


# --- warning, overdue and the supervision chain ------------------------------------------------


@pytest.fixture
def supervisors(community_a, community_b):
    nanshan = District.objects.get(name="南山区")
    return {
        "subdistrict": supervisor(
            SupervisionLevel.SUBDISTRICT, subdistrict=community_a.subdistrict
        ),
        "other_subdistrict": supervisor(
            SupervisionLevel.SUBDISTRICT, subdistrict=community_b.subdistrict
        ),
        "district": supervisor(SupervisionLevel.DISTRICT, district=nanshan),
        "city": supervisor(SupervisionLevel.CITY),
    }


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind="governance")
        .order_by("pk")
        .values_list("title", flat=True)
    )


def scan(moment: str) -> ScanResult:
    return services.scan_checkpoints(now=at(moment))


def test_warning_overdue_and_escalation_to_the_city(crew, supervisors):
    event = crew.report(now=at("2026-11-02 09:00"))
    services.accept_event(event, crew.dispatcher, now=at("2026-11-02 09:30"))
    services.dispatch_event(
        event, crew.dispatcher, handler=crew.handler, now=at("2026-11-02 10:00")
    )
    resolve = stage(event, CheckpointStage.RESOLVE)
    assert resolve.due_at == at("2026-11-05 18:00")
    # 27.5 working hours from Monday 09:30; 75 % of them have gone on Thursday at 09:07:30.
    assert resolve.warn_at == at("2026-11-05 09:07") + timedelta(seconds=30)
    entries, handler_told = event.log.count(), len(told(crew.handler))

    # Before the warning: nothing at all.
    assert scan("2026-11-05 09:07") == ScanResult()
    assert event.log.count() == entries and len(told(crew.handler)) == handler_told

    # Past 75 %: a yellow card to the handler.
    assert scan("2026-11-05 09:08") == ScanResult(events=1, warned=1)
    event.refresh_from_db()
    warning = event.log.latest("pk")
    assert (warning.action, warning.actor, warning.is_public) == (EventAction.WARN, None, False)
    assert warning.data["stage"] == CheckpointStage.RESOLVE
    assert stage(event, CheckpointStage.RESOLVE).state == CheckpointState.WARNED
    assert told(crew.handler)[handler_told:] == [
        f"{event.reference} “{event.title}”: due by 2026-11-05 18:00"
    ]
    assert event.next_check_at == resolve.due_at and not event.is_overdue
    assert scan("2026-11-05 17:59") == ScanResult()  # warned once only

    # The deadline passes: red card, supervision by the subdistrict.
    assert scan("2026-11-05 18:00") == ScanResult(events=1, overdue=1, escalated=1)
    event.refresh_from_db()
    assert event.is_overdue and event.was_overdue
    assert event.supervision_level == HandlingLevel.SUBDISTRICT
    assert [e.action for e in event.log.order_by("pk")][-2:] == ["overdue", "supervise"]
    overdue, supervise = event.log.order_by("pk")[entries + 1 :]
    assert not overdue.is_public and supervise.is_public
    first = Supervision.objects.get(event=event)
    assert (first.level, first.subdistrict, first.district, first.stage) == (
        HandlingLevel.SUBDISTRICT, crew.community.subdistrict, None, CheckpointStage.RESOLVE,
    )  # fmt: skip
    assert first.opened_at == at("2026-11-05 18:00")
    assert first.due_at == at("2026-11-09 18:00")  # 2 working days: Friday, Monday
    order = f"{event.reference} “{event.title}”: supervision order, answer by 2026-11-09 18:00"
    assert told(supervisors["subdistrict"]) == [order]
    assert told(crew.handler)[-1] == order
    for other in ("other_subdistrict", "district", "city"):
        assert told(supervisors[other]) == []
    label = services.public_timeline(event)[-1].label
    assert label == "Supervised by the Subdistrict level: the deadline had passed"
    assert event.next_check_at == first.due_at

    # The subdistrict's order is not answered: the district supervises.
    assert scan("2026-11-09 17:00") == ScanResult()
    assert scan("2026-11-09 18:00") == ScanResult(events=1, escalated=1)
    second = Supervision.objects.filter(event=event).latest("opened_at")
    assert (second.level, second.district.name, second.due_at) == (
        HandlingLevel.DISTRICT, "南山区", at("2026-11-11 18:00"),
    )  # fmt: skip
    assert len(told(supervisors["district"])) == 1 and told(supervisors["city"]) == []

    # Then the city.
    assert scan("2026-11-11 18:00") == ScanResult(events=1, escalated=1)
    third = Supervision.objects.filter(event=event).latest("opened_at")
    assert (third.level, third.subdistrict, third.district) == (HandlingLevel.CITY, None, None)
    assert third.due_at == at("2026-11-13 18:00")
    assert len(told(supervisors["city"])) == 1
    event.refresh_from_db()
    assert event.supervision_level == HandlingLevel.CITY

    # Nothing is above the city.
    notices = Notification.objects.count()
    assert scan("2026-11-13 18:00") == ScanResult(events=1)
    assert Supervision.objects.filter(event=event).count() == 3
    assert Notification.objects.count() == notices
    event.refresh_from_db()
    assert event.next_check_at is None and event.is_overdue
    assert scan("2026-12-31 18:00") == ScanResult()

    # Resolving, late, closes every open order.
    act("start", event, crew, at("2026-11-16 09:00"))
    act("resolve", event, crew, at("2026-11-16 10:00"))
    event.refresh_from_db()
    assert event.resolved_on_time is False
    assert (event.is_overdue, event.was_overdue) == (False, True)
    assert set(Supervision.objects.filter(event=event).values_list("closed_at", flat=True)) == {
        at("2026-11-16 10:00")
    }
    assert event.checkpoints.filter(state__in=["pending", "warned"]).get().stage == "confirm"


def test_a_district_level_category_escalates_to_the_city(crew, supervisors):
    district_matter = CategoryFactory(
        code="h-river", name="河道污染", department=crew.category.department,
        handling_level=HandlingLevel.DISTRICT,
    )  # fmt: skip
    event = make_event(crew.community, district_matter, reporter=crew.reporter,
                       now=at("2026-11-02 09:00"))  # fmt: skip
    services.accept_event(event, crew.dispatcher, now=at("2026-11-02 09:30"))
    assert scan("2026-11-05 18:00") == ScanResult(events=1, overdue=1, escalated=1)
    only = Supervision.objects.get(event=event)
    assert only.level == HandlingLevel.CITY and only.due_at == at("2026-11-09 18:00")
    assert len(told(supervisors["city"])) == 1
    assert told(supervisors["subdistrict"]) == told(supervisors["district"]) == []
    assert scan("2026-11-09 18:00") == ScanResult(events=1)
    assert Supervision.objects.filter(event=event).count() == 1


def test_a_late_acceptance_is_supervised_and_counted(crew, supervisors):
    event = crew.report(now=at("2026-11-02 09:00"))  # accept by 15:00
    assert scan("2026-11-02 15:00") == ScanResult(events=1, overdue=1, escalated=1)
    supervision = Supervision.objects.get(event=event)
    assert (supervision.level, supervision.stage) == ("subdistrict", CheckpointStage.ACCEPT)
    assert told(crew.dispatcher)[-1].endswith("answer by 2026-11-04 18:00")  # the late party

    services.accept_event(event, crew.dispatcher, now=at("2026-11-02 16:00"))
    event.refresh_from_db()
    supervision.refresh_from_db()
    assert event.accepted_on_time is False and not event.is_overdue and event.was_overdue
    assert supervision.closed_at == at("2026-11-02 16:00")
    open_ = event.checkpoints.filter(state__in=["pending", "warned"])
    assert [c.stage for c in open_] == [CheckpointStage.RESOLVE]
    assert scan("2026-11-04 18:00") == ScanResult()  # the old order's deadline is gone


# --- closing without an answer -----------------------------------------------------------------


def test_no_answer_within_the_window_closes_the_event(crew):
    event = drive_to(crew, "resolved")  # resolved Monday 2 Nov 09:40
    confirm = stage(event, CheckpointStage.CONFIRM)
    assert confirm.due_at == at("2026-11-09 09:40")  # 7 calendar days
    reporter_told = Notification.objects.filter(user=crew.reporter, kind="events").count()

    assert scan("2026-11-09 09:39") == ScanResult()
    assert scan("2026-11-09 09:40") == ScanResult(events=1, closed=1)
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED
    assert event.closed_automatically is True and event.satisfaction is None
    assert event.closed_at == at("2026-11-09 09:40") and event.next_check_at is None
    entry = event.log.latest("pk")
    assert (entry.action, entry.actor, entry.is_public) == (EventAction.AUTO_CLOSE, None, True)
    assert (entry.from_status, entry.to_status) == ("resolved", "closed")
    assert stage_state(event, CheckpointStage.CONFIRM) == CheckpointState.MET
    notices = Notification.objects.filter(user=crew.reporter, kind="events").order_by("pk")
    assert notices.count() == reporter_told + 1
    assert notices.last().title.endswith(": closed")
    assert services.public_timeline(event)[-1].label == "Closed: no objection in time"
    with pytest.raises(TransitionError):
        services.confirm_event(event, crew.reporter, 5, now=at("2026-11-09 10:00"))


@override_settings(GOVERNANCE_CONFIRM_DAYS=2)
def test_the_confirmation_window_is_configurable(crew):
    event = drive_to(crew, "resolved")
    assert stage(event, CheckpointStage.CONFIRM).due_at == at("2026-11-04 09:40")
    assert scan("2026-11-04 09:40") == ScanResult(events=1, closed=1)


def test_an_answer_in_time_stops_the_clock(crew):
    event = drive_to(crew, "resolved")
    act("confirm", event, crew, at("2026-11-03 09:00"))
    assert scan("2026-11-09 09:40") == ScanResult()
    event.refresh_from_db()
    assert event.closed_automatically is False and event.satisfaction == 5


def stage_state(event, name):
    return event.checkpoints.get(stage=name).state


# --- the scan reads only what is due -----------------------------------------------------------


def test_the_scan_touches_only_due_events_and_costs_the_same_however_many_wait(crew):
    def report(moment: str, count: int):
        return [crew.report(now=at(moment)) for _ in range(count)]

    # Reported at 09:00: warned from 13:30. Reported at 14:00: warned from 17:00.
    due = report("2026-11-02 09:00", 3)
    waiting = report("2026-11-02 14:00", 5)

    def counted_scan():
        with CaptureQueriesContext(connection) as queries:
            result = scan("2026-11-02 14:00")
        return result, len(queries)

    result, with_5 = counted_scan()
    assert result == ScanResult(events=3, warned=3)
    for event in due:
        assert event.log.filter(action=EventAction.WARN).count() == 1

    due = report("2026-11-02 09:00", 3)
    waiting += report("2026-11-02 14:00", 45)
    result, with_50 = counted_scan()
    assert result == ScanResult(events=3, warned=3)
    assert with_50 == with_5
    for event in due:
        assert event.log.filter(action=EventAction.WARN).count() == 1
    for event in waiting:
        assert list(event.log.values_list("action", flat=True)) == ["report"]
        assert stage(event, CheckpointStage.ACCEPT).state == CheckpointState.PENDING
