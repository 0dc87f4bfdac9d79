"""Feedback to the resident (反馈): the public timeline, and "case closed, matter settled"
(案结事了) — the reporter confirms the resolution with a score, or reopens it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from accounts.models import User
from governance.models import (
    Checkpoint,
    CheckpointStage,
    CheckpointState,
    Event,
    EventAction,
    EventLogEntry,
    EventStatus,
    HandlingLevel,
)
from governance.scope import may_dispatch

from . import notices
from .checkpoints import close_stage, open_stage, refresh_next_check
from .errors import TransitionError
from .journal import apply, record
from .lifecycle import NOTE_MAX_LENGTH

__all__ = [
    "TimelineEntry",
    "close_automatically",
    "confirm_event",
    "may_give_feedback",
    "public_timeline",
    "reopen_event",
]


def may_give_feedback(user: User | None, event: Event) -> bool:
    """The reporter; for an anonymous hotline call, the dispatcher who called them back (回访)."""
    if user is None or not user.is_authenticated:
        return False
    if event.reporter_id is not None:
        return event.reporter_id == user.pk
    return may_dispatch(user, event)


def _score(satisfaction: int | str | None, required: bool) -> int | None:
    if satisfaction in (None, "") and not required:
        return None
    try:
        score = int(satisfaction)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise TransitionError(_("Choose a score from 1 (very unsatisfied) to 5 (very satisfied)."))
    return score


def _text(value: str) -> str:
    value = (value or "").strip()
    if len(value) > NOTE_MAX_LENGTH:
        raise TransitionError(_("Keep it under %(count)d characters.") % {"count": NOTE_MAX_LENGTH})
    return value


def confirm_event(
    event: Event,
    actor: User,
    satisfaction: int | str,
    *,
    comment: str = "",
    now: datetime | None = None,
) -> Event:
    """The reporter confirms the matter is settled, scoring the handling 1–5; the event closes."""
    score = _score(satisfaction, required=True)
    comment = _text(comment)

    def change(locked: Event, at: datetime):
        locked.satisfaction = score
        locked.closed_at = at
        close_stage(locked, [CheckpointStage.CONFIRM], CheckpointState.MET, at)
        refresh_next_check(locked)
        return {"satisfaction": score}

    return apply(
        event, actor=actor, action=EventAction.CONFIRM, allowed_from=[EventStatus.RESOLVED],
        to_status=EventStatus.CLOSED, may=may_give_feedback, note=comment, now=now,
        change=change,
    )  # fmt: skip


def reopen_event(
    event: Event,
    actor: User,
    reason: str,
    *,
    satisfaction: int | str | None = None,
    now: datetime | None = None,
) -> Event:
    """Not satisfied: the event goes back to the department, and counts against it."""
    reason = _text(reason)
    if not reason:
        raise TransitionError(_("Say what is still wrong, so the department can act on it."))
    score = _score(satisfaction, required=False)

    def change(locked: Event, at: datetime):
        locked.reopen_count += 1
        locked.satisfaction = score
        locked.resolved_on_time = None
        close_stage(locked, [CheckpointStage.CONFIRM], CheckpointState.CANCELLED, at)
        return {"satisfaction": score}

    def after(locked: Event, _from: str, at: datetime):
        open_stage(locked, CheckpointStage.RESOLVE, at)
        refresh_next_check(locked)
        locked.save(update_fields=["next_check_at"])
        title = notices.step_title(locked, _("reopened: the reporter is not satisfied"))
        notices.notify_staff(notices.handlers_for(locked), locked, title, reason)
        notices.notify_staff(notices.dispatchers_for(locked), locked, title, reason)

    return apply(
        event, actor=actor, action=EventAction.REOPEN, allowed_from=[EventStatus.RESOLVED],
        to_status=EventStatus.REOPENED, may=may_give_feedback, note=reason, now=now,
        change=change, after=after,
    )  # fmt: skip


def close_automatically(event: Event, checkpoint: Checkpoint, now: datetime) -> None:
    """No answer within the window: the event closes as settled (called by the scan, which
    holds the event's lock)."""
    checkpoint.state = CheckpointState.MET
    checkpoint.closed_at = now
    checkpoint.save(update_fields=["state", "closed_at"])
    from_status = event.status
    event.status = EventStatus.CLOSED
    event.closed_at = now
    event.closed_automatically = True
    record(event, EventAction.AUTO_CLOSE, actor=None, from_status=from_status, public=True,
           now=now)  # fmt: skip
    notices.notify_reporter(event, notices.step_title(event, _("closed")))


@dataclass(frozen=True)
class TimelineEntry:
    """One public step as the reporter sees it: no staff names, no internal notes."""

    action: str
    label: str
    at: datetime
    text: str = ""


# Steps whose note is written for the reporter (a reason, a resolution, their own comment).
_NOTE_FOR_REPORTER = {
    EventAction.REJECT, EventAction.RESOLVE, EventAction.CONFIRM, EventAction.REOPEN,
}  # fmt: skip


def _label(entry: EventLogEntry, departments: dict[str, str]) -> str:
    data = entry.data or {}
    if entry.action in (EventAction.DISPATCH, EventAction.REROUTE):
        name = departments.get(data.get("department"), "")
        return _("Passed to %(department)s") % {"department": name} if name else _("Dispatched")
    if entry.action == EventAction.DUPLICATE:
        return _("Merged into event %(reference)s, which handles the same matter") % {
            "reference": data.get("original", "")
        }
    if entry.action == EventAction.SUPERVISE:
        level = HandlingLevel(data["level"]).label if data.get("level") in HandlingLevel else ""
        return _("Supervised by the %(level)s level: the deadline had passed") % {"level": level}
    if entry.action == EventAction.CONFIRM and data.get("satisfaction"):
        return _("Confirmed settled, satisfaction %(score)s of 5") % {"score": data["satisfaction"]}
    return str(EventAction(entry.action).label)


def public_timeline(event: Event) -> list[TimelineEntry]:
    """The event's public steps, oldest first, for the reporter and public pages (2 queries)."""
    from governance.models import Department

    entries = list(event.log.filter(is_public=True).order_by("created_at", "pk"))
    codes = {e.data.get("department") for e in entries if e.data.get("department")}
    departments = {
        d.code: d.display_name for d in Department.objects.filter(code__in=codes)
    } if codes else {}  # fmt: skip
    return [
        TimelineEntry(
            action=entry.action,
            label=_label(entry, departments),
            at=entry.created_at,
            text=entry.note if entry.action in _NOTE_FOR_REPORTER else "",
        )
        for entry in entries
    ]
