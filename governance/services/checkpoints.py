"""Electronic supervision checkpoints (电子监察点): deadlines per stage, and the periodic scan.

A checkpoint is opened when a stage starts and met or cancelled when it ends. The event keeps
``next_check_at``, the earliest warning or deadline among its open checkpoints, so the scan
reads only the events that need it through one index, however many events exist.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import (
    OPEN_CHECKPOINT_STATES,
    Checkpoint,
    CheckpointStage,
    CheckpointState,
    Event,
    EventAction,
    HandlingLevel,
    SlaUnit,
    Supervision,
    level_above,
)
from governance.working_time import deadline, share_of_working_time

from . import notices
from .journal import lock, record

__all__ = [
    "ScanResult",
    "check_event",
    "close_stage",
    "escalate",
    "open_stage",
    "refresh_next_check",
    "scan_checkpoints",
]

logger = logging.getLogger(__name__)

# The handler is warned (黄牌) once this share of a stage's time has gone.
WARN_AT = 0.75


def open_stage(event: Event, stage: str, now: datetime) -> Checkpoint:
    """Start the clock of ``stage`` (accept, resolve or confirm) for ``event``."""
    category = event.category
    if stage == CheckpointStage.ACCEPT:
        due = deadline(now, category.accept_sla, category.accept_sla_unit)
    elif stage == CheckpointStage.RESOLVE:
        due = deadline(now, category.resolve_sla, category.resolve_sla_unit)
    else:  # the reporter's time to object is in calendar days, as residents count
        due = now + timedelta(days=settings.GOVERNANCE_CONFIRM_DAYS)
    warn = share_of_working_time(now, due, WARN_AT) if stage != CheckpointStage.CONFIRM else None
    return Checkpoint.objects.create(
        event=event, stage=stage, started_at=now, warn_at=warn, due_at=due
    )


def close_stage(event: Event, stages, state: str, now: datetime) -> bool | None:
    """Meet or cancel the open checkpoints of ``stages``; for a met stage, whether it was met
    on time (None when none was open)."""
    on_time = None
    for checkpoint in event.checkpoints.filter(stage__in=stages, state__in=[
        *OPEN_CHECKPOINT_STATES, CheckpointState.OVERDUE,
    ]):  # fmt: skip
        on_time = now <= checkpoint.due_at
        checkpoint.state = state
        checkpoint.closed_at = now
        checkpoint.save(update_fields=["state", "closed_at"])
    return on_time


def end_supervision(event: Event, now: datetime) -> None:
    """The event left the stage that was late: its supervision orders are done."""
    Supervision.objects.filter(event=event, closed_at=None).update(closed_at=now)
    close_stage(event, [CheckpointStage.SUPERVISE], CheckpointState.CANCELLED, now)
    event.is_overdue = False


def refresh_next_check(event: Event) -> None:
    """Set ``event.next_check_at`` from its open checkpoints (the caller saves the event)."""
    moments = []
    for state, warn_at, due_at in event.checkpoints.filter(
        state__in=OPEN_CHECKPOINT_STATES
    ).values_list("state", "warn_at", "due_at"):
        if state == CheckpointState.PENDING and warn_at is not None and warn_at < due_at:
            moments.append(warn_at)
        else:
            moments.append(due_at)
    event.next_check_at = min(moments) if moments else None


def escalate(event: Event, stage: str, now: datetime, from_level: str) -> Supervision:
    """Open a supervision order (督办) one level above ``from_level``, with its own deadline."""
    level = level_above(from_level)
    community = event.community
    supervision = Supervision.objects.create(
        event=event,
        level=level,
        subdistrict_id=community.subdistrict_id if level == HandlingLevel.SUBDISTRICT else None,
        district_id=community.subdistrict.district_id if level == HandlingLevel.DISTRICT else None,
        stage=stage,
        opened_at=now,
        due_at=deadline(now, settings.GOVERNANCE_SUPERVISION_DAYS, SlaUnit.DAYS),
    )
    Checkpoint.objects.create(
        event=event,
        stage=CheckpointStage.SUPERVISE,
        started_at=now,
        due_at=supervision.due_at,
        supervision=supervision,
    )
    event.supervision_level = level
    record(
        event,
        EventAction.SUPERVISE,
        actor=None,
        from_status=event.status,
        public=True,
        now=now,
        data={"level": level, "stage": stage, "due_at": supervision.due_at.isoformat()},
    )
    title = notices.step_title(event, _("supervision order, answer by %(due)s") % {
        "due": timezone.localtime(supervision.due_at).strftime("%Y-%m-%d %H:%M")
    })  # fmt: skip
    notices.notify_staff(notices.supervisors_for(event, level), event, title)
    notices.notify_staff(_late_party(event, stage), event, title)
    what = _("now supervised by the %(level)s level") % {"level": HandlingLevel(level).label}
    notices.notify_reporter(event, notices.step_title(event, what))
    return supervision


def _late_party(event: Event, stage: str):
    if stage == CheckpointStage.ACCEPT:
        return notices.dispatchers_for(event)
    return notices.handlers_for(event)


@dataclass
class ScanResult:
    events: int = 0
    warned: int = 0
    overdue: int = 0
    escalated: int = 0
    closed: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _deadline_passed(event: Event, checkpoint: Checkpoint, now: datetime, result: ScanResult):
    from .feedback import close_automatically

    if checkpoint.stage == CheckpointStage.CONFIRM:
        close_automatically(event, checkpoint, now)
        result.closed += 1
        return
    checkpoint.state = CheckpointState.OVERDUE
    checkpoint.save(update_fields=["state"])
    if checkpoint.stage == CheckpointStage.SUPERVISE:
        from_level = checkpoint.supervision.level
        if from_level == HandlingLevel.CITY:
            return  # the top: the city's supervisors already hold the order
    else:
        from_level = event.handling_level
        event.is_overdue = event.was_overdue = True
        result.overdue += 1
        record(
            event, EventAction.OVERDUE, actor=None, from_status=event.status, now=now,
            data={"stage": checkpoint.stage, "due_at": checkpoint.due_at.isoformat()},
        )  # fmt: skip
    stage = checkpoint.supervision.stage if checkpoint.supervision_id else checkpoint.stage
    escalate(event, stage, now, from_level)
    result.escalated += 1


def _warn(event: Event, checkpoint: Checkpoint, now: datetime, result: ScanResult) -> None:
    checkpoint.state = CheckpointState.WARNED
    checkpoint.save(update_fields=["state"])
    record(
        event, EventAction.WARN, actor=None, from_status=event.status, now=now,
        data={"stage": checkpoint.stage, "due_at": checkpoint.due_at.isoformat()},
    )  # fmt: skip
    due = timezone.localtime(checkpoint.due_at).strftime("%Y-%m-%d %H:%M")
    title = notices.step_title(event, _("due by %(due)s") % {"due": due})
    notices.notify_staff(_late_party(event, checkpoint.stage), event, title)
    result.warned += 1


def check_event(pk: int, now: datetime, result: ScanResult | None = None) -> ScanResult:
    """Act on one event's passed warnings and deadlines, in its own transaction."""
    result = result or ScanResult()
    with transaction.atomic():
        event = lock(pk)
        if event.next_check_at is None or event.next_check_at > now:
            return result  # someone acted on it since the scan read it
        result.events += 1
        for checkpoint in event.checkpoints.filter(state__in=OPEN_CHECKPOINT_STATES).order_by(
            "due_at"
        ):
            if checkpoint.due_at <= now:
                _deadline_passed(event, checkpoint, now, result)
            elif checkpoint.state == CheckpointState.PENDING and (
                checkpoint.warn_at is not None and checkpoint.warn_at <= now
            ):
                _warn(event, checkpoint, now, result)
        refresh_next_check(event)
        event.save()
    return result


def scan_checkpoints(now: datetime | None = None, *, batch_size: int = 500) -> ScanResult:
    """The periodic scan: every event whose next warning or deadline has come, and no other.

    Reads the due events in pages along the ``next_check_at`` index, after the last one seen
    (not "not in the ones seen", which would grow with the work), each in its own transaction.
    """
    now = now or timezone.now()
    result = ScanResult()
    after: tuple[datetime, int] | None = None
    while True:
        due = Event.objects.filter(next_check_at__lte=now)
        if after is not None:
            due = due.filter(
                Q(next_check_at__gt=after[0]) | Q(next_check_at=after[0], pk__gt=after[1])
            )
        page = list(due.order_by("next_check_at", "pk").values_list("next_check_at", "pk")[
            :batch_size
        ])  # fmt: skip
        if not page:
            return result
        for _moment, pk in page:
            try:
                check_event(pk, now, result)
            except Exception:
                # One broken event must not hold up every other deadline in the city.
                logger.exception("Checkpoint scan failed on event %s; it stays due.", pk)
                result.failed += 1
        after = page[-1]
