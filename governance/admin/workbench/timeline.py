"""The internal timeline (内部流转记录) of an event: every log entry, with who did it.

Unlike ``public_timeline`` (the reporter's view), staff see internal notes, warnings and the
names of the staff who acted. People are named by their public name only; personal
information goes through the event page's "Show" button, which is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import User
from governance.models import (
    CheckpointStage,
    Department,
    Event,
    EventAction,
    EventLogEntry,
    EventSource,
    EventStatus,
    HandlingLevel,
)

__all__ = ["StaffTimelineEntry", "staff_timeline"]


@dataclass(frozen=True)
class StaffTimelineEntry:
    action: str
    label: str
    at: datetime
    actor: str
    from_status: str
    to_status: str
    note: str
    details: str
    is_public: bool


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else ""


def _when(value: str) -> str:
    moment = parse_datetime(value or "")
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _details(entry: EventLogEntry, departments: dict[str, str], people: dict[int, str]) -> str:
    data = entry.data or {}
    action = entry.action
    if action in (EventAction.DISPATCH, EventAction.REROUTE):
        parts = [
            departments.get(data.get("department"), ""),
            _label(HandlingLevel, data.get("level")),
        ]
        if data.get("handler") in people:
            parts.append(_("handler %(name)s") % {"name": people[data["handler"]]})
        return " · ".join(part for part in parts if part)
    if action == EventAction.RETURN:
        return departments.get(data.get("department"), "")
    if action == EventAction.DUPLICATE:
        return _("merged into %(reference)s") % {"reference": data.get("original", "")}
    if action == EventAction.REPORT:
        return _label(EventSource, data.get("source"))
    if action in (EventAction.WARN, EventAction.OVERDUE):
        return _("%(stage)s due %(due)s") % {
            "stage": _label(CheckpointStage, data.get("stage")), "due": _when(data.get("due_at"))
        }  # fmt: skip
    if action == EventAction.SUPERVISE:
        return _("%(level)s level, answer by %(due)s") % {
            "level": _label(HandlingLevel, data.get("level")), "due": _when(data.get("due_at"))
        }  # fmt: skip
    if data.get("satisfaction"):
        return _("satisfaction %(score)s of 5") % {"score": data["satisfaction"]}
    return ""


# Written by the periodic scan, which acts for nobody.
_SYSTEM_ACTIONS = {
    EventAction.WARN, EventAction.OVERDUE, EventAction.SUPERVISE, EventAction.AUTO_CLOSE,
}  # fmt: skip


def _actor(entry: EventLogEntry) -> str:
    if entry.actor_id:
        return entry.actor.public_name
    return _("the system") if entry.action in _SYSTEM_ACTIONS else "—"


def staff_timeline(event: Event) -> list[StaffTimelineEntry]:
    """Every entry of ``event``'s log, oldest first (three queries at most)."""
    entries = list(event.log.select_related("actor").order_by("created_at", "pk"))
    codes = {e.data.get("department") for e in entries if (e.data or {}).get("department")}
    departments = (
        {d.code: d.display_name for d in Department.objects.filter(code__in=codes)} if codes else {}
    )
    handler_ids = {e.data.get("handler") for e in entries if (e.data or {}).get("handler")}
    people = (
        {u.pk: u.public_name for u in User.objects.filter(pk__in=handler_ids)}
        if handler_ids
        else {}
    )
    return [
        StaffTimelineEntry(
            action=entry.action,
            label=_label(EventAction, entry.action),
            at=entry.created_at,
            actor=_actor(entry),
            from_status=_label(EventStatus, entry.from_status),
            to_status=_label(EventStatus, entry.to_status),
            note=entry.note,
            details=_details(entry, departments, people),
            is_public=entry.is_public,
        )
        for entry in entries
    ]
