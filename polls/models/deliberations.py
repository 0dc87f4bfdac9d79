"""Sunshine deliberation (阳光议事): a proposal, discussed, then voted on for / against /
abstain; one that passes becomes a governance event or an action item for the community
office."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import Participation

__all__ = [
    "ActionItem",
    "ActionStatus",
    "Deliberation",
    "DeliberationStatus",
    "DeliberationVote",
    "Outcome",
    "OutcomeKind",
    "Position",
]


class DeliberationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for the community office")  # a resident's proposal
    SCHEDULED = "scheduled", _("Scheduled")  # discussion and voting by its dates
    REJECTED = "rejected", _("Not taken up")
    CONCLUDED = "concluded", _("Concluded")


class OutcomeKind(models.TextChoices):
    EVENT = "event", _("A governance event for the responsible department")
    ACTION = "action", _("An action item for the community office")


class Outcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
    NO_QUORUM = "no_quorum", _("Not enough votes (no quorum)")


class Deliberation(models.Model):
    """A proposal put to the community (阳光议事)."""

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=120)
    proposal = models.TextField(_("proposal"), max_length=8000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliberationStatus.choices,
        default=DeliberationStatus.SUBMITTED,
        db_index=True,
    )
    rejection_reason = models.CharField(_("reason"), max_length=300, blank=True)
    discussion_opens_at = models.DateTimeField(_("discussion opens at"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("voting opens at"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes at"), null=True, blank=True)
    quorum = models.PositiveIntegerField(
        _("quorum"), default=10, help_text=_("The fewest votes (abstentions count) for a result.")
    )
    pass_threshold = models.PositiveSmallIntegerField(
        _("pass threshold (%)"),
        default=50,
        help_text=_("It passes when more than this share of the votes for and against are for."),
    )
    who_may_vote = models.CharField(
        _("who may vote"),
        max_length=12,
        choices=Participation.choices,
        default=Participation.RESIDENTS,
    )
    outcome_kind = models.CharField(
        _("if passed"), max_length=10, choices=OutcomeKind.choices, default=OutcomeKind.ACTION
    )
    category = models.ForeignKey(
        "governance.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event category"),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    topic = models.OneToOneField(
        "forums.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliberation",
        verbose_name=_("discussion"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstain"), default=0)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    event = models.OneToOneField(
        "governance.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliberation",
        verbose_name=_("governance event"),
    )

    class Meta:
        verbose_name = _("deliberation")
        verbose_name_plural = _("deliberations")
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="deliberation_comm_status")]

    def __str__(self) -> str:
        return self.title


class Position(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class DeliberationVote(models.Model):  # noqa: DJ008
    """One person's vote on a deliberation; once per person (a constraint, not a check)."""

    deliberation = models.ForeignKey(Deliberation, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deliberation_votes"
    )
    position = models.CharField(_("vote"), max_length=8, choices=Position.choices)
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        verbose_name = _("deliberation vote")
        verbose_name_plural = _("deliberation votes")
        constraints = [
            models.UniqueConstraint(fields=["deliberation", "voter"], name="deliberation_vote_once")
        ]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    """What the community office must do about a passed deliberation (待办事项), with the
    progress it reports publicly on the deliberation's page."""

    deliberation = models.OneToOneField(
        Deliberation, on_delete=models.CASCADE, related_name="action_item"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    progress_note = models.TextField(_("progress, shown publicly"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return str(self.deliberation)
