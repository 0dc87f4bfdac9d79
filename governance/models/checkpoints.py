"""Electronic supervision checkpoints (电子监察点), supervision (督办) and the working calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Event
from .taxonomy import HandlingLevel


class CheckpointStage(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    RESOLVE = "resolve", _("Resolve")
    CONFIRM = "confirm", _("Reporter's confirmation")
    SUPERVISE = "supervise", _("Supervision")


class CheckpointState(models.TextChoices):
    PENDING = "pending", _("Running")
    WARNED = "warned", _("Warned")  # 黄牌
    OVERDUE = "overdue", _("Overdue")  # 红牌
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("No longer needed")


# States in which the periodic scan still has something to do with the checkpoint.
OPEN_CHECKPOINT_STATES = (CheckpointState.PENDING, CheckpointState.WARNED)


class Checkpoint(models.Model):
    """A deadline of one stage of an event, in working time from the category's SLA."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="checkpoints", verbose_name=_("event")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=CheckpointStage.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=CheckpointState.choices, default=CheckpointState.PENDING
    )
    started_at = models.DateTimeField(_("started at"))
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"))
    closed_at = models.DateTimeField(_("met or cancelled at"), null=True, blank=True)
    supervision = models.OneToOneField(
        "Supervision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkpoint",
    )

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["due_at"]
        indexes = [models.Index(fields=["event", "state"], name="gov_checkpoint_event_state")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.due_at:%Y-%m-%d %H:%M}"


class Supervision(models.Model):
    """A supervision order (督办单): a level above the handling unit chases an overdue event.

    Opened by the periodic scan when a deadline passes; if its own deadline passes too, the
    next level up opens another one, up to the city.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="supervisions", verbose_name=_("event")
    )
    level = models.CharField(_("level"), max_length=12, choices=HandlingLevel.choices)
    subdistrict = models.ForeignKey(
        "communities.Subdistrict", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        "communities.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    stage = models.CharField(_("overdue stage"), max_length=10, choices=CheckpointStage.choices)
    opened_at = models.DateTimeField(_("opened at"))
    due_at = models.DateTimeField(_("due at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["level", "closed_at"], name="gov_supervision_open")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.get_level_display()}"


class WorkingDayOverride(models.Model):
    """A day the State Council's holiday notice makes a holiday or a make-up working day (调休).

    ``chinese-calendar`` knows the years up to its release; the city enters a new year's days
    here when the notice is published (usually in November), and can correct a known year.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("working calendar day")
        verbose_name_plural = _("working calendar")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"
