"""Events (事件): what a resident, a hotline caller or a grid worker reported, and where it is."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .taxonomy import Category, Department, HandlingLevel, Priority


class EventSource(models.TextChoices):
    PORTAL = "portal", _("Resident post")  # 我有话说
    FORUM = "forum", _("Forum")
    POLL = "poll", _("Poll outcome")
    HOTLINE = "hotline", _("12345 hotline")
    GRID_WORKER = "grid_worker", _("Grid worker")
    PUBLIC_OPINION = "public_opinion", _("Public opinion")
    DEPARTMENT = "department", _("Department data")


class EventStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ACCEPTED = "accepted", _("Accepted")  # 受理
    DISPATCHED = "dispatched", _("Dispatched")  # 分流
    IN_PROGRESS = "in_progress", _("Being handled")  # 处置
    RESOLVED = "resolved", _("Resolved")  # 反馈
    CLOSED = "closed", _("Closed")  # 案结事了
    REJECTED = "rejected", _("Not accepted")  # 不予受理
    RETURNED = "returned", _("Returned for re-routing")  # 退回
    DUPLICATE = "duplicate", _("Merged as a duplicate")
    REOPENED = "reopened", _("Reopened")


# States in which nothing more happens to the event.
FINAL_STATES = frozenset({EventStatus.CLOSED, EventStatus.REJECTED, EventStatus.DUPLICATE})
# States waiting for the dispatch centre (the dispatcher's queue).
DISPATCH_STATES = frozenset({EventStatus.REPORTED, EventStatus.ACCEPTED, EventStatus.RETURNED})
# States waiting for the department (the handler's queue).
HANDLING_STATES = frozenset({EventStatus.DISPATCHED, EventStatus.IN_PROGRESS, EventStatus.REOPENED})


class Event(models.Model):
    """A governance event (事件) on its way from report to confirmed closure.

    Its state changes only through ``governance.services``, which locks the row, checks the
    transition and the actor, writes an ``EventLogEntry`` and recomputes the checkpoints.
    """

    reference = models.CharField(_("reference number"), max_length=16, unique=True)
    source = models.CharField(_("source"), max_length=16, choices=EventSource.choices)
    source_ref = models.CharField(
        _("source reference"),
        max_length=64,
        blank=True,
        help_text=_("The number the source system gave it, e.g. the 12345 work order number."),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("community"),
    )
    grid = models.ForeignKey(
        "communities.Grid",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("grid"),
    )
    building = models.CharField(_("building"), max_length=40, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="events", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    location = models.CharField(_("location"), max_length=200, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_events",
        verbose_name=_("reporter"),
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.REPORTED
    )
    is_public = models.BooleanField(_("public"), default=False)

    # Routing (分流): the department and the level of its unit that handles the event, the
    # dispatch centre's level, and the handler a dispatcher assigned.
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("department"),
    )
    handling_level = models.CharField(
        _("handling level"), max_length=12, choices=HandlingLevel.choices
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_events",
        verbose_name=_("handler"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )
    resolution = models.TextField(_("resolution"), blank=True)

    reported_at = models.DateTimeField(_("reported at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Assessment (考核) facts, kept as the event moves so that reports are plain aggregates.
    accepted_on_time = models.BooleanField(_("accepted on time"), null=True, blank=True)
    resolved_on_time = models.BooleanField(_("resolved on time"), null=True, blank=True)
    is_overdue = models.BooleanField(_("overdue"), default=False)
    was_overdue = models.BooleanField(_("was ever overdue"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    closed_automatically = models.BooleanField(_("closed without an answer"), default=False)
    handling_time = models.DurationField(_("handling time"), null=True, blank=True)
    supervision_level = models.CharField(
        _("supervised at"), max_length=12, choices=HandlingLevel.choices, blank=True
    )
    # The earliest moment a checkpoint needs the periodic scan; null when none is pending.
    next_check_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["next_check_at"], name="gov_event_next_check"),
            models.Index(fields=["community", "status"], name="gov_event_community_status"),
            models.Index(fields=["department", "status"], name="gov_event_department_status"),
            models.Index(fields=["status", "reported_at"], name="gov_event_status_reported"),
            models.Index(fields=["reporter", "reported_at"], name="gov_event_reporter"),
            models.Index(fields=["reported_at"], name="gov_event_reported_at"),
        ]
        permissions = [("work_on_event", "Can work on governance events")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATES


def event_photo_path(photo: "EventPhoto", filename: str) -> str:
    # Never the original name, which may be personal ("张三家门口.jpg"), and not guessable from
    # the reference: photos are served through a view that checks who is asking.
    return f"events/{photo.event.reported_at:%Y/%m}/{uuid.uuid4().hex}.jpg"


class EventPhoto(models.Model):
    """A photo attached to an event, re-encoded without EXIF or GPS data."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event")
    )
    image = models.ImageField(_("photo"), upload_to=event_photo_path, max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return f"{self.event_id} #{self.sort_order}"


class EventCounter(models.Model):
    """The last reference number given in a year; its row lock orders concurrent reports."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
