"""The event log (事件日志): one immutable entry per action on an event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Event, EventStatus


class EventAction(models.TextChoices):
    REPORT = "report", _("Reported")
    ACCEPT = "accept", _("Accepted")
    REJECT = "reject", _("Not accepted")
    DISPATCH = "dispatch", _("Dispatched")
    REROUTE = "reroute", _("Re-routed")
    START = "start", _("Handling started")
    RESOLVE = "resolve", _("Resolved")
    CONFIRM = "confirm", _("Confirmed by the reporter")
    AUTO_CLOSE = "auto_close", _("Closed: no objection in time")
    REOPEN = "reopen", _("Reopened: reporter not satisfied")
    RETURN = "return", _("Returned for re-routing")
    DUPLICATE = "duplicate", _("Merged as a duplicate")
    NOTE = "note", _("Internal note")
    WARN = "warn", _("Deadline warning")  # 黄牌
    OVERDUE = "overdue", _("Deadline passed")  # 红牌
    SUPERVISE = "supervise", _("Supervision opened")  # 督办


class EventLogEntry(models.Model):
    """What happened to an event, who did it and when; never edited, never deleted alone.

    ``is_public`` entries make the reporter's timeline; the note of a public entry is shown to
    the reporter, so internal remarks go in a separate ``NOTE`` entry.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="log", verbose_name=_("event")
    )
    action = models.CharField(_("action"), max_length=12, choices=EventAction.choices)
    from_status = models.CharField(
        _("from"), max_length=12, choices=EventStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=EventStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    is_public = models.BooleanField(_("shown to the reporter"), default=False)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("event log entry")
        verbose_name_plural = _("event log")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "created_at"], name="gov_log_event_time")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"
