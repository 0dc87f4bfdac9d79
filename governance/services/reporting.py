"""Reporting an event (事件上报): the one door every source comes in by.

The event, its reference number, routing, first log entry, first checkpoint and photos are
written in one transaction, so a report is either wholly there or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Grid
from governance.models import (
    Category,
    CheckpointStage,
    Event,
    EventAction,
    EventPhoto,
    EventSource,
    Priority,
)
from governance.scope import governance_scope, may_dispatch

from . import notices
from .checkpoints import open_stage, refresh_next_check
from .errors import NotAllowed
from .journal import record
from .numbers import next_reference
from .routing import route

__all__ = ["MAX_PHOTOS", "STAFF_SOURCES", "report_event"]

MAX_PHOTOS = 6
# Sources whose events a dispatch centre types in (a 12345 work order, a news item, a
# department's data); residents' sources need a reporter, grid workers their own grid.
STAFF_SOURCES = {EventSource.HOTLINE, EventSource.PUBLIC_OPINION, EventSource.DEPARTMENT}
RESIDENT_SOURCES = {EventSource.PORTAL, EventSource.FORUM, EventSource.POLL}


def _validate(
    source: str,
    community: Community,
    category: Category,
    title: str,
    description: str,
    grid: Grid | None,
    priority: str,
    photos: Sequence[File],
    reporter: User | None,
    actor: User | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if source not in EventSource.values:
        errors["source"] = _("Choose where the event comes from.")
    if not title:
        errors["title"] = _("Give the event a short title.")
    elif len(title) > 120:
        errors["title"] = _("Keep the title under 120 characters.")
    if not description:
        errors["description"] = _("Describe what is happening.")
    elif len(description) > 4000:
        errors["description"] = _("Keep the description under 4,000 characters.")
    if not category.is_active:
        errors["category"] = _("This category is no longer in use; choose another.")
    if grid is not None and grid.community_id != community.pk:
        errors["grid"] = _("That grid is not in this community.")
    if priority and priority not in Priority.values:
        errors["priority"] = _("Choose a priority.")
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = _("Attach at most %(count)d photos.") % {"count": MAX_PHOTOS}
    if source in RESIDENT_SOURCES and reporter is None:
        errors["reporter"] = _("A resident's report needs its reporter.")
    return errors


def _may_report(source: str, actor: User | None, probe: Event, grid: Grid | None) -> bool:
    if source in STAFF_SOURCES:
        return may_dispatch(actor, probe)
    if source == EventSource.GRID_WORKER:
        return grid is not None and grid.pk in governance_scope(actor).grid_ids
    return True  # residents: the calling feature checked their eligibility


def report_event(
    *,
    source: str,
    community: Community,
    category: Category,
    title: str,
    description: str,
    location: str = "",
    grid: Grid | None = None,
    building: str = "",
    reporter: User | None = None,
    actor: User | None = None,
    priority: str = "",
    public: bool = True,
    photos: Sequence[File] = (),
    source_ref: str = "",
    now: datetime | None = None,
) -> Event:
    """Take in an event from any source; returns it, routed and with its first deadline.

    ``photos`` are files already checked and cleaned by ``portal.uploads``. ``public`` is the
    reporter's wish; a private category (a family matter) is never public. Raises
    ``ValidationError`` (a dict naming the fields) for bad input, ``PermissionDenied`` when
    ``actor`` may not report from this source here; nothing is saved then.
    """
    title, description = (title or "").strip(), (description or "").strip()
    errors = _validate(
        source, community, category, title, description, grid, priority, photos, reporter, actor
    )
    if errors:
        raise ValidationError(errors)
    routing = route(community, category, grid=grid, building=building, reporter=reporter)
    now = now or timezone.now()
    event = Event(
        source=source,
        source_ref=source_ref.strip()[:64],
        community=community,
        grid=routing.grid,
        building=building.strip()[:40],
        category=category,
        title=title,
        description=description,
        location=location.strip()[:200],
        reporter=reporter,
        priority=priority or category.default_priority,
        is_public=public and category.may_be_public,
        department=routing.department,
        handling_level=routing.handling_level,
        reported_at=now,
    )
    if not _may_report(source, actor, event, grid):
        raise NotAllowed(_("You may not report events from this source in this community."))
    with transaction.atomic():
        event.reference = next_reference(now)
        event.save()
        record(event, EventAction.REPORT, actor=actor or reporter, public=True, now=now,
               data={"source": source})  # fmt: skip
        open_stage(event, CheckpointStage.ACCEPT, now)
        refresh_next_check(event)
        event.save(update_fields=["next_check_at"])
        for order, photo in enumerate(photos):
            attached = EventPhoto(event=event, sort_order=order)
            attached.image.save(f"{order}.jpg", photo, save=True)
        if event.priority in (Priority.HIGH, Priority.URGENT):
            notices.notify_staff(
                notices.dispatchers_for(event), event,
                notices.step_title(event, event.get_priority_display()),
            )  # fmt: skip
    return event
