"""The one way an event changes state: lock, check, change, log, reschedule (事件流转).

Every action in ``lifecycle``, ``feedback`` and the periodic scan goes through ``apply``, so
each change is one transaction with its log entry and its checkpoints, or nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from governance.models import Event, EventLogEntry, EventStatus

from .errors import EventConflict, NotAllowed, TransitionError

__all__ = ["apply", "lock", "record"]

Check = Callable[[User | None, Event], bool]


def record(
    event: Event,
    action: str,
    *,
    actor: User | None,
    from_status: str = "",
    note: str = "",
    public: bool = False,
    now: datetime,
    data: dict[str, Any] | None = None,
) -> EventLogEntry:
    """Append a log entry; entries are only ever created, never changed."""
    return EventLogEntry.objects.create(
        event=event,
        action=action,
        from_status=from_status,
        to_status=event.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
        is_public=public,
        data=data or {},
        created_at=now,
    )


def lock(event: Event | int) -> Event:
    """The event's row, locked until the transaction ends (``of=self``: PostgreSQL would
    otherwise lock the community and category rows that ``select_related`` joins too)."""
    pk = event.pk if isinstance(event, Event) else event
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("community__subdistrict", "category", "department")
        .get(pk=pk)
    )


def _status_label(status: str) -> str:
    return str(EventStatus(status).label)


def apply(
    event: Event,
    *,
    actor: User | None,
    action: str,
    allowed_from: Collection[str],
    to_status: str,
    may: Check,
    note: str = "",
    public: bool = True,
    now: datetime | None = None,
    change: Callable[[Event, datetime], dict[str, Any] | None] | None = None,
    after: Callable[[Event, str, datetime], None] | None = None,
) -> Event:
    """Move ``event`` to ``to_status`` by ``action``, or raise and change nothing.

    ``may(actor, locked_event)`` says whether the actor's role allows it. ``change`` edits the
    locked event (and may return details for the log); ``after`` runs once the state and the
    log are written, inside the transaction (checkpoints, notifications). The caller's
    ``event`` object is refreshed with the new state.
    """
    now = now or timezone.now()
    seen_status = event.status
    with transaction.atomic():
        locked = lock(event)
        if not may(actor, locked):
            raise NotAllowed(_("You may not do this on event %(reference)s.") % {
                "reference": locked.reference
            })  # fmt: skip
        if locked.status != seen_status:
            # Acting on what one saw: even an action still allowed from the new state (a
            # second dispatch becoming a re-route) must not happen behind the actor's back.
            raise EventConflict(
                _(
                    "Someone else changed event %(reference)s while you were looking at it: "
                    "it is now “%(status)s”. Reload the page to see what happened."
                )
                % {"reference": locked.reference, "status": _status_label(locked.status)}
            )
        if locked.status not in allowed_from:
            raise TransitionError(
                _("This cannot be done to an event that is “%(status)s”.")
                % {"status": _status_label(locked.status)}
            )
        from_status = locked.status
        data = change(locked, now) if change else None
        locked.status = to_status
        locked.save()
        record(
            locked,
            action,
            actor=actor,
            from_status=from_status,
            note=note,
            public=public,
            now=now,
            data=data,
        )
        if after:
            after(locked, from_status, now)
    event.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    # The update bypasses the descriptors that drop a stale related object (event.handler).
    event._state.fields_cache = dict(locked._state.fields_cache)
    return locked
