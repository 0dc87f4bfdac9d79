"""An event's whole life (事件全流程): report to confirmed closure (案结事了), and the side paths —
reopen, return (退回), duplicate — and the input each action requires."""

from datetime import timedelta

import pytest
from django.utils import translation

from accounts.factories import UserFactory
from governance import services
from governance.factories import (
    CategoryFactory,
    DepartmentFactory,
    dispatcher,
    handler,
    make_event,
)
from governance.models import (
    CheckpointStage,
    CheckpointState,
    EventAction,
    EventSource,
    EventStatus,
)
from governance.services import NotAllowed, TransitionError
from notifications.models import Notification
from tests.conftest import changed_tables, database_rows
from tests.governance.conftest import act, at, drive_to


@pytest.fixture(autouse=True)
def english():
    # Titles and timeline labels are translated when they are made: read them in English.
    with translation.override("en"):
        yield


@pytest.fixture
def named_crew(crew):
    """The crew with staff names that must never reach the reporter."""
    for person, name in ((crew.dispatcher, "分流员王五"), (crew.handler, "处置员赵六")):
        person.display_name = name
        person.save(update_fields=["display_name"])
    return crew


def reporter_notices(event):
    return list(Notification.objects.filter(user=event.reporter, kind="events").order_by("pk"))


def staff_notices(user):
    return list(Notification.objects.filter(user=user, kind="governance").order_by("pk"))


def log_of(event):
    return [
        (e.action, e.actor, e.from_status, e.to_status, e.is_public)
        for e in event.log.order_by("created_at", "pk")
    ]


def checkpoints_of(event):
    return [(c.stage, c.state) for c in event.checkpoints.order_by("started_at", "pk")]


def assert_no_staff_names(crew, texts):
    for person in (crew.dispatcher, crew.handler):
        for text in texts:
            assert person.display_name not in text and person.username not in text


# --- the happy path ----------------------------------------------------------------------------


def test_from_report_to_confirmed_closure(named_crew):
    crew = named_crew
    reporter, dispatcher_, handler_ = crew.reporter, crew.dispatcher, crew.handler
    event = crew.report(now=at("2026-11-02 09:00"))
    assert event.status == EventStatus.REPORTED and event.reference.startswith("2026-")
    assert checkpoints_of(event) == [(CheckpointStage.ACCEPT, CheckpointState.PENDING)]
    accept_due = event.checkpoints.get().due_at
    assert accept_due == at("2026-11-02 15:00")  # 4 working hours: 9–12, then 14–15
    step = f"{event.reference} “{event.title}”: "

    services.accept_event(event, dispatcher_, now=at("2026-11-02 09:30"))
    assert event.status == EventStatus.ACCEPTED and event.accepted_on_time is True
    resolve = event.checkpoints.get(stage=CheckpointStage.RESOLVE)
    assert resolve.due_at == at("2026-11-05 18:00")  # 3 working days after Monday
    assert [n.title for n in reporter_notices(event)] == [step + "accepted"]

    services.dispatch_event(event, dispatcher_, now=at("2026-11-02 10:00"))
    assert event.status == EventStatus.DISPATCHED and event.handler is None
    assert [n.title for n in staff_notices(handler_)] == [step + "assigned to you"]

    services.start_handling(event, handler_, now=at("2026-11-02 14:30"))
    assert event.status == EventStatus.IN_PROGRESS and event.handler == handler_

    services.resolve_event(event, handler_, "纸箱已清走，通道畅通。", now=at("2026-11-04 10:00"))
    assert event.status == EventStatus.RESOLVED
    assert event.resolved_on_time is True
    assert event.handling_time == timedelta(days=2, hours=1)
    confirm = event.checkpoints.get(stage=CheckpointStage.CONFIRM)
    assert confirm.due_at == at("2026-11-11 10:00")  # 7 calendar days to object

    services.confirm_event(event, reporter, 5, comment="很满意", now=at("2026-11-05 09:00"))
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED
    assert event.satisfaction == 5 and event.closed_automatically is False
    assert event.closed_at == at("2026-11-05 09:00")
    assert (event.accepted_on_time, event.resolved_on_time) == (True, True)
    assert (event.is_overdue, event.was_overdue, event.reopen_count, event.return_count) == (
        False, False, 0, 0,
    )  # fmt: skip
    assert event.next_check_at is None

    assert log_of(event) == [
        (EventAction.REPORT, reporter, "", "reported", True),
        (EventAction.ACCEPT, dispatcher_, "reported", "accepted", True),
        (EventAction.DISPATCH, dispatcher_, "accepted", "dispatched", True),
        (EventAction.START, handler_, "dispatched", "in_progress", True),
        (EventAction.RESOLVE, handler_, "in_progress", "resolved", True),
        (EventAction.CONFIRM, reporter, "resolved", "closed", True),
    ]
    assert checkpoints_of(event) == [
        (CheckpointStage.ACCEPT, CheckpointState.MET),
        (CheckpointStage.RESOLVE, CheckpointState.MET),
        (CheckpointStage.CONFIRM, CheckpointState.MET),
    ]

    notices = reporter_notices(event)
    assert [n.title for n in notices] == [
        step + "accepted",
        step + f"passed to {event.department.name_en}",
        step + "being handled",
        step + "resolved — please confirm",
    ]
    assert {n.url for n in notices} == {f"/events/{event.reference}/"}
    assert notices[-1].body == "纸箱已清走，通道畅通。"

    timeline = services.public_timeline(event)
    assert [(t.action, t.label, t.text) for t in timeline] == [
        ("report", "Reported", ""),
        ("accept", "Accepted", ""),
        ("dispatch", f"Passed to {event.department.name_en}", ""),
        ("start", "Handling started", ""),
        ("resolve", "Resolved", "纸箱已清走，通道畅通。"),
        ("confirm", "Confirmed settled, satisfaction 5 of 5", "很满意"),
    ]
    assert [t.at for t in timeline] == sorted(t.at for t in timeline)
    assert_no_staff_names(
        crew,
        [t.label for t in timeline]
        + [t.text for t in timeline]
        + [n.title + n.body for n in notices],
    )


def test_the_timeline_leaves_out_internal_steps(crew):
    event = drive_to(crew, "dispatched")
    services.add_note(event, crew.handler, "先联系物业核实", now=at("2026-11-02 11:00"))
    act("return", event, crew, at("2026-11-02 11:10"))
    actions = [t.action for t in services.public_timeline(event)]
    assert actions == ["report", "accept", "dispatch"]
    assert event.log.filter(action=EventAction.NOTE, is_public=False).count() == 1


# --- reopen -------------------------------------------------------------------------------------


def test_reopen_then_handle_again_and_confirm(crew):
    event = drive_to(crew, "resolved")  # resolved Monday 09:40
    notices_before = len(staff_notices(crew.handler))
    services.reopen_event(
        event, crew.reporter, "楼道又堆满了", satisfaction=2, now=at("2026-11-04 10:00")
    )
    event.refresh_from_db()
    assert event.status == EventStatus.REOPENED
    assert (event.reopen_count, event.satisfaction, event.resolved_on_time) == (1, 2, None)
    assert checkpoints_of(event) == [
        (CheckpointStage.ACCEPT, CheckpointState.MET),
        (CheckpointStage.RESOLVE, CheckpointState.MET),
        (CheckpointStage.CONFIRM, CheckpointState.CANCELLED),
        (CheckpointStage.RESOLVE, CheckpointState.PENDING),
    ]
    again = event.checkpoints.get(state=CheckpointState.PENDING)
    assert again.started_at == at("2026-11-04 10:00")
    assert again.due_at == at("2026-11-09 18:00")  # Thu, Fri, Mon
    assert event.next_check_at == again.warn_at
    told = staff_notices(crew.handler)[notices_before:]
    assert [n.body for n in told] == ["楼道又堆满了"]
    assert "reopened" in told[0].title
    assert any(n.body == "楼道又堆满了" for n in staff_notices(crew.dispatcher))

    services.start_handling(event, crew.handler, now=at("2026-11-05 09:00"))
    services.resolve_event(event, crew.handler, "已约谈住户并清理", now=at("2026-11-05 11:00"))
    assert event.resolved_on_time is True
    assert event.handling_time == at("2026-11-05 11:00") - at("2026-11-02 09:00")
    services.confirm_event(event, crew.reporter, "4", now=at("2026-11-06 09:00"))
    event.refresh_from_db()
    assert (event.status, event.satisfaction, event.reopen_count) == ("closed", 4, 1)
    assert [a for a, *_ in log_of(event)] == [
        "report", "accept", "dispatch", "start", "resolve", "reopen", "start", "resolve",
        "confirm",
    ]  # fmt: skip
    assert event.checkpoints.filter(state__in=["pending", "warned"]).count() == 0
    timeline = services.public_timeline(event)
    reopened = [t for t in timeline if t.action == "reopen"]
    assert [(t.label, t.text) for t in reopened] == [
        ("Reopened: reporter not satisfied", "楼道又堆满了")
    ]


# --- return -------------------------------------------------------------------------------------


def test_return_then_reroute_to_another_department(crew):
    housing = DepartmentFactory(code="housing", name="住房和建设局", name_en="Housing")
    housing_handler = handler(housing, crew.community)
    event = drive_to(crew, "in_progress")
    reporter_told = len(reporter_notices(event))

    services.return_event(event, crew.handler, "电梯维修归住建部门", now=at("2026-11-02 11:00"))
    event.refresh_from_db()
    assert event.status == EventStatus.RETURNED
    assert (event.handler, event.return_count) == (None, 1)
    entry = event.log.latest("pk")
    assert (entry.action, entry.actor, entry.note, entry.is_public) == (
        EventAction.RETURN, crew.handler, "电梯维修归住建部门", False,
    )  # fmt: skip
    assert [n.body for n in staff_notices(crew.dispatcher)][-1] == "电梯维修归住建部门"
    assert len(reporter_notices(event)) == reporter_told  # an internal matter

    services.dispatch_event(event, crew.dispatcher, department=housing, now=at("2026-11-02 11:30"))
    event.refresh_from_db()
    assert (event.status, event.department) == (EventStatus.DISPATCHED, housing)
    entry = event.log.latest("pk")
    assert (entry.action, entry.from_status) == (EventAction.DISPATCH, EventStatus.RETURNED)
    assert entry.data["department"] == "housing"
    assert entry.data["from_department"] == crew.category.department.code
    assert "assigned to you" in staff_notices(housing_handler)[-1].title
    assert reporter_notices(event)[-1].title.endswith("passed to Housing")

    with pytest.raises(NotAllowed):
        services.start_handling(event, crew.handler, now=at("2026-11-02 12:00"))
    services.start_handling(event, housing_handler, now=at("2026-11-02 14:00"))
    services.resolve_event(event, housing_handler, "已更换电梯门锁", now=at("2026-11-02 16:00"))
    services.confirm_event(event, crew.reporter, 5, now=at("2026-11-03 09:00"))
    event.refresh_from_db()
    assert (event.status, event.handler, event.return_count) == ("closed", housing_handler, 1)
    labels = [t.label for t in services.public_timeline(event) if t.action == "dispatch"]
    assert labels == [f"Passed to {crew.category.department.name_en}", "Passed to Housing"]


# --- duplicates ---------------------------------------------------------------------------------


def test_a_duplicate_is_merged_and_its_reporter_told_where(crew):
    original = crew.report(now=at("2026-11-02 09:00"))
    neighbour = UserFactory(display_name="小张")
    # A second resident reports the same matter.
    copy = make_event(crew.community, crew.category, reporter=neighbour, now=at("2026-11-02 09:20"))
    services.mark_duplicate(copy, crew.dispatcher, original, now=at("2026-11-02 10:00"))

    copy.refresh_from_db()
    assert (copy.status, copy.duplicate_of) == (EventStatus.DUPLICATE, original)
    assert copy.closed_at == at("2026-11-02 10:00") and copy.next_check_at is None
    assert checkpoints_of(copy) == [(CheckpointStage.ACCEPT, CheckpointState.CANCELLED)]
    told = reporter_notices(copy)
    assert len(told) == 1 and original.reference in told[0].title
    assert told[0].title.endswith(f"merged into {original.reference}, handled there")
    label = services.public_timeline(copy)[-1].label
    assert label == f"Merged into event {original.reference}, which handles the same matter"
    original.refresh_from_db()
    assert original.status == EventStatus.REPORTED and original.log.count() == 1
    assert list(original.duplicates.all()) == [copy]


def test_duplicates_must_merge_into_another_live_event(crew, community_b):
    event = crew.report(now=at("2026-11-02 09:00"))
    rejected = drive_to(crew, "rejected")
    merged = drive_to(crew, "duplicate")
    # An event the dispatcher's centre does not cover.
    elsewhere = make_event(community_b, crew.category, reporter=crew.reporter)
    for target in (event, rejected, merged, elsewhere):
        before = database_rows()
        with pytest.raises(TransitionError) as caught:
            services.mark_duplicate(event, crew.dispatcher, target, now=at("2026-11-02 11:00"))
        assert str(caught.value)
        assert changed_tables(before, database_rows()) == {}
    event.refresh_from_db()
    assert event.status == EventStatus.REPORTED and event.duplicate_of is None


# --- what each action requires ------------------------------------------------------------------

BLANKS = ["", "   ", "\n"]
TOO_LONG = "长" * 2001


@pytest.mark.parametrize(
    ("state", "call"),
    [
        *[("reported", lambda e, c, t, r=r: services.reject_event(e, c.dispatcher, r, now=t))
          for r in [*BLANKS, TOO_LONG]],
        *[("in_progress", lambda e, c, t, r=r: services.resolve_event(e, c.handler, r, now=t))
          for r in [*BLANKS, TOO_LONG]],
        *[("dispatched", lambda e, c, t, r=r: services.return_event(e, c.handler, r, now=t))
          for r in [*BLANKS, TOO_LONG]],
        *[("resolved", lambda e, c, t, r=r: services.reopen_event(e, c.reporter, r, now=t))
          for r in [*BLANKS, TOO_LONG]],
        *[("resolved", lambda e, c, t, s=s: services.confirm_event(e, c.reporter, s, now=t))
          for s in [0, 6, -1, "x", "", None, "5.0"]],
        ("resolved", lambda e, c, t: services.confirm_event(e, c.reporter, 5, comment=TOO_LONG,
                                                            now=t)),
        ("resolved", lambda e, c, t: services.reopen_event(e, c.reporter, "没修好",
                                                           satisfaction=9, now=t)),
        ("accepted", lambda e, c, t: services.dispatch_event(e, c.dispatcher,
                                                             handling_level="planet", now=t)),
        ("reported", lambda e, c, t: services.add_note(e, c.dispatcher, " ", now=t)),
    ],
)  # fmt: skip
def test_missing_or_bad_input_is_refused_and_changes_nothing(crew, state, call):
    event = drive_to(crew, state)
    before = database_rows()
    with pytest.raises(TransitionError) as caught:
        call(event, crew, at("2026-11-02 11:00"))
    assert str(caught.value)  # a sentence for the person who acted
    assert changed_tables(before, database_rows()) == {}
    event.refresh_from_db()
    assert event.status == state


def test_a_score_given_as_text_is_accepted(crew):
    event = drive_to(crew, "resolved")
    services.confirm_event(event, crew.reporter, "3", now=at("2026-11-02 11:00"))
    assert event.satisfaction == 3


# --- a hotline call without a reporter (12345) --------------------------------------------------


def test_hotline_event_without_reporter_is_called_back_by_the_dispatcher(crew, community_b):
    fields = {
        "source": EventSource.HOTLINE,
        "community": crew.community,
        "category": crew.category,
        "title": "小区门口路灯不亮",
        "description": "市民来电反映，晚上出行不便。",
        "source_ref": "12345-20261102-0001",
        "now": at("2026-11-02 09:00"),
    }
    with pytest.raises(NotAllowed):
        services.report_event(actor=crew.reporter, **fields)
    event = services.report_event(actor=crew.dispatcher, **fields)
    assert event.reporter is None and event.source_ref == "12345-20261102-0001"
    assert event.log.get().actor == crew.dispatcher
    for number, name in enumerate(["accept", "dispatch", "start", "resolve"], start=1):
        act(name, event, crew, at("2026-11-02 10:00") + number * timedelta(minutes=10))
    assert not Notification.objects.filter(kind="events").exists()  # nobody to tell

    for outsider in (UserFactory(), dispatcher(community_b), crew.handler):
        before = database_rows()
        with pytest.raises(NotAllowed):
            services.confirm_event(event, outsider, 5, now=at("2026-11-03 09:00"))
        assert changed_tables(before, database_rows()) == {}
    assert services.may_give_feedback(crew.dispatcher, event)
    assert not services.may_give_feedback(crew.reporter, event)

    services.confirm_event(
        event, crew.dispatcher, 4, comment="电话回访，市民满意", now=at("2026-11-03 09:00")
    )
    event.refresh_from_db()
    assert (event.status, event.satisfaction) == (EventStatus.CLOSED, 4)
    entry = event.log.latest("pk")
    assert (entry.action, entry.actor, entry.note) == (
        EventAction.CONFIRM, crew.dispatcher, "电话回访，市民满意",
    )  # fmt: skip


def test_a_private_category_never_makes_a_public_event(crew):
    family = CategoryFactory(code="d-family", name="家庭纠纷", may_be_public=False,
                             department=crew.category.department)  # fmt: skip
    event = make_event(crew.community, family, reporter=crew.reporter, public=True)
    assert event.is_public is False
    assert crew.report(public=True).is_public is True


def test_the_callers_event_object_follows_the_change(crew):
    """Services refresh the event they are given, related objects included."""
    housing = DepartmentFactory(code="housing", name="住房和建设局", name_en="Housing")
    event = drive_to(crew, "dispatched")
    assert (event.handler, event.department) == (None, crew.category.department)  # cached
    services.dispatch_event(event, crew.dispatcher, department=housing, now=at("2026-11-02 11:00"))
    assert event.department == housing and event.department_id == housing.pk
    services.dispatch_event(
        event, crew.dispatcher, department=crew.category.department, handler=crew.handler,
        now=at("2026-11-02 11:10"),
    )  # fmt: skip
    assert event.handler == crew.handler
    services.return_event(event, crew.handler, "不归我们", now=at("2026-11-02 11:20"))
    assert event.handler is None and event.handler_id is None
