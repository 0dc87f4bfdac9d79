"""The staff's actions on an event (事件处置流程), one function each.

Each checks the actor's role and area and the event's state, locks the row, writes a log entry
and moves the checkpoints, in one transaction (``journal.apply``); anything wrong raises
``TransitionError``/``EventConflict``/``NotAllowed`` and changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Grid
from governance.models import (
    CheckpointStage,
    CheckpointState,
    Department,
    Event,
    EventAction,
    EventStatus,
    HandlingLevel,
)
from governance.scope import governance_scope, may_dispatch, may_handle, may_supervise

from . import notices
from .checkpoints import close_stage, end_supervision, open_stage, refresh_next_check
from .errors import NotAllowed, TransitionError
from .journal import apply, lock, record

__all__ = [
    "accept_event",
    "add_note",
    "dispatch_event",
    "mark_duplicate",
    "may_work_on",
    "reject_event",
    "resolve_event",
    "return_event",
    "start_handling",
]

NOTE_MAX_LENGTH = 2000


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionError(message)
    if len(text) > NOTE_MAX_LENGTH:
        raise TransitionError(_("Keep it under %(count)d characters.") % {"count": NOTE_MAX_LENGTH})
    return text


def _rescheduled(event: Event) -> None:
    refresh_next_check(event)
    event.save(update_fields=["next_check_at", "is_overdue", "supervision_level"])


def accept_event(event: Event, actor: User, *, note: str = "", now: datetime | None = None):
    """受理: the dispatch centre takes the event on; the department's clock starts."""

    def change(locked: Event, at: datetime):
        locked.accepted_at = at
        locked.accepted_on_time = close_stage(
            locked, [CheckpointStage.ACCEPT], CheckpointState.MET, at
        )
        end_supervision(locked, at)

    def after(locked: Event, _from: str, at: datetime):
        open_stage(locked, CheckpointStage.RESOLVE, at)
        _rescheduled(locked)
        notices.notify_reporter(locked, notices.step_title(locked, _("accepted")))

    return apply(
        event, actor=actor, action=EventAction.ACCEPT, allowed_from=[EventStatus.REPORTED],
        to_status=EventStatus.ACCEPTED, may=may_dispatch, note=note.strip(), now=now,
        change=change, after=after,
    )  # fmt: skip


def reject_event(event: Event, actor: User, reason: str, *, now: datetime | None = None):
    """不予受理: not a matter for the work network; the reporter is told why."""
    reason = _required(reason, _("Give the reason the event is not accepted."))

    def change(locked: Event, at: datetime):
        locked.accepted_on_time = close_stage(
            locked, [CheckpointStage.ACCEPT], CheckpointState.MET, at
        )
        locked.closed_at = at

    def after(locked: Event, _from: str, at: datetime):
        _finish(locked, at)
        notices.notify_reporter(locked, notices.step_title(locked, _("not accepted")), reason)

    return apply(
        event, actor=actor, action=EventAction.REJECT, allowed_from=[EventStatus.REPORTED],
        to_status=EventStatus.REJECTED, may=may_dispatch, note=reason, now=now,
        change=change, after=after,
    )  # fmt: skip


def _finish(event: Event, at: datetime) -> None:
    stages = list(CheckpointStage)
    close_stage(event, stages, CheckpointState.CANCELLED, at)
    end_supervision(event, at)
    _rescheduled(event)


def _check_handler(handler: User, department: Department, event: Event) -> None:
    scope = governance_scope(handler)
    if not any(
        unit_department == department.pk and area.covers(event)
        for unit_department, area in scope.handler_units
    ):
        raise TransitionError(
            _("%(person)s is not a handler of %(department)s for this area.")
            % {"person": handler.public_name, "department": department.display_name}
        )


def dispatch_event(
    event: Event,
    actor: User,
    *,
    department: Department | None = None,
    handling_level: str = "",
    handler: User | None = None,
    grid: Grid | None = None,
    note: str = "",
    now: datetime | None = None,
):
    """分流: send the event to a department's unit (and a handler, a grid); from "dispatched"
    it re-routes. The category's department and level are the default."""
    if handling_level and handling_level not in HandlingLevel.values:
        raise TransitionError(_("Choose a handling level."))
    action = EventAction.REROUTE if event.status == EventStatus.DISPATCHED else EventAction.DISPATCH

    def change(locked: Event, at: datetime):
        target = department or locked.department
        if grid is not None and grid.community_id != locked.community_id:
            raise TransitionError(_("That grid is not in the event's community."))
        if handler is not None:
            _check_handler(handler, target, locked)
        previous = locked.department.code
        locked.department = target
        locked.handling_level = handling_level or locked.handling_level
        locked.handler = handler
        locked.grid = grid or locked.grid
        locked.dispatched_at = at
        return {
            "department": target.code,
            "from_department": previous,
            "level": locked.handling_level,
            "handler": handler.pk if handler else None,
        }

    def after(locked: Event, _from: str, at: datetime):
        what = _("passed to %(department)s") % {"department": locked.department.display_name}
        notices.notify_reporter(locked, notices.step_title(locked, what))
        notices.notify_staff(
            notices.handlers_for(locked), locked, notices.step_title(locked, _("assigned to you"))
        )

    return apply(
        event, actor=actor, action=action,
        allowed_from=[EventStatus.ACCEPTED, EventStatus.RETURNED, EventStatus.REOPENED,
                      EventStatus.DISPATCHED],
        to_status=EventStatus.DISPATCHED, may=may_dispatch, note=note.strip(), public=True,
        now=now, change=change, after=after,
    )  # fmt: skip


def start_handling(event: Event, actor: User, *, note: str = "", now: datetime | None = None):
    """处置: the department's handler takes it up (and becomes its handler)."""

    def change(locked: Event, at: datetime):
        locked.handler = actor

    def after(locked: Event, _from: str, at: datetime):
        notices.notify_reporter(locked, notices.step_title(locked, _("being handled")))

    return apply(
        event, actor=actor, action=EventAction.START,
        allowed_from=[EventStatus.DISPATCHED, EventStatus.REOPENED],
        to_status=EventStatus.IN_PROGRESS, may=may_handle, note=note.strip(), now=now,
        change=change, after=after,
    )  # fmt: skip


def resolve_event(event: Event, actor: User, resolution: str, *, now: datetime | None = None):
    """反馈: the handler reports what was done; the reporter now confirms or objects."""
    resolution = _required(resolution, _("Say what was done: the reporter reads it."))

    def change(locked: Event, at: datetime):
        locked.resolution = resolution
        locked.resolved_at = at
        locked.handling_time = at - locked.reported_at
        locked.resolved_on_time = close_stage(
            locked, [CheckpointStage.RESOLVE], CheckpointState.MET, at
        )
        end_supervision(locked, at)

    def after(locked: Event, _from: str, at: datetime):
        open_stage(locked, CheckpointStage.CONFIRM, at)
        _rescheduled(locked)
        notices.notify_reporter(
            locked,
            notices.step_title(locked, _("resolved — please confirm")),
            resolution,
        )

    return apply(
        event, actor=actor, action=EventAction.RESOLVE, allowed_from=[EventStatus.IN_PROGRESS],
        to_status=EventStatus.RESOLVED, may=may_handle, note=resolution, now=now,
        change=change, after=after,
    )  # fmt: skip


def return_event(event: Event, actor: User, reason: str, *, now: datetime | None = None):
    """退回: not this department's matter; back to the dispatch centre to re-route."""
    reason = _required(reason, _("Say why the event is not your department's."))

    def change(locked: Event, at: datetime):
        locked.handler = None
        locked.return_count += 1
        return {"department": locked.department.code}

    def after(locked: Event, _from: str, at: datetime):
        notices.notify_staff(
            notices.dispatchers_for(locked), locked,
            notices.step_title(locked, _("returned for re-routing")), reason,
        )  # fmt: skip

    return apply(
        event, actor=actor, action=EventAction.RETURN,
        allowed_from=[EventStatus.DISPATCHED, EventStatus.IN_PROGRESS],
        to_status=EventStatus.RETURNED, may=may_handle, note=reason, public=False, now=now,
        change=change, after=after,
    )  # fmt: skip


def mark_duplicate(
    event: Event, actor: User, original: Event, *, note: str = "", now: datetime | None = None
):
    """Merge a repeated report into the event already open about the same matter."""
    if original.pk == event.pk:
        raise TransitionError(_("An event cannot be a duplicate of itself."))

    def check_original(locked: Event) -> Event:
        # Read afresh: the caller's copy may predate a rejection or a merge of the original.
        fresh = Event.objects.select_related("community__subdistrict").get(pk=original.pk)
        if fresh.status in (EventStatus.DUPLICATE, EventStatus.REJECTED):
            raise TransitionError(
                _("Event %(reference)s is itself closed as “%(status)s”: merge into a live one.")
                % {"reference": fresh.reference, "status": fresh.get_status_display()}
            )
        if not may_dispatch(actor, fresh):
            raise TransitionError(
                _("Event %(reference)s is outside your area.") % {"reference": fresh.reference}
            )
        return fresh

    def change(locked: Event, at: datetime):
        locked.duplicate_of = check_original(locked)
        locked.closed_at = at
        return {"original": original.reference}

    def after(locked: Event, _from: str, at: datetime):
        _finish(locked, at)
        what = _("merged into %(reference)s, handled there") % {"reference": original.reference}
        notices.notify_reporter(locked, notices.step_title(locked, what))

    return apply(
        event, actor=actor, action=EventAction.DUPLICATE,
        allowed_from=[EventStatus.REPORTED, EventStatus.ACCEPTED, EventStatus.RETURNED],
        to_status=EventStatus.DUPLICATE, may=may_dispatch,
        note=note.strip() or _("Merged into %(reference)s.") % {"reference": original.reference},
        now=now, change=change, after=after,
    )  # fmt: skip


def may_work_on(user: User | None, event: Event) -> bool:
    return may_dispatch(user, event) or may_handle(user, event) or may_supervise(user, event)


def add_note(event: Event, actor: User, note: str, *, now: datetime | None = None):
    """An internal note (内部备注) on the event's log; never shown to the reporter."""
    note = _required(note, _("Write the note first."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(event)
        if not may_work_on(actor, locked):
            raise NotAllowed(_("You may not do this on event %(reference)s.") % {
                "reference": locked.reference
            })  # fmt: skip
        return record(locked, EventAction.NOTE, actor=actor, from_status=locked.status,
                      note=note, now=now)  # fmt: skip
