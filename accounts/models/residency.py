"""Membership of a community as a verified resident (居民认证)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResidencyStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Verified resident")
    REJECTED = "rejected", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ENDED = "ended", _("Ended (moved away)")


class Residency(models.Model):
    """A user's request to be, and record of being, a verified resident of one community.

    A user is a verified resident of at most one community at a time (a partial unique
    constraint, so the database holds the rule even under concurrent approvals); moving is a
    new request, and approving it ends the old residency.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="residencies"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="residencies"
    )
    # Building and unit are an address: personal information, never shown publicly.
    building = models.CharField(_("building"), max_length=40)
    unit = models.CharField(_("unit / room"), max_length=20)
    grid = models.ForeignKey(
        "communities.Grid",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residencies",
        verbose_name=_("grid"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ResidencyStatus.choices, default=ResidencyStatus.PENDING
    )
    decision_reason = models.TextField(_("reason given to the resident"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    approved_by_census = models.BooleanField(_("approved from the census list"), default=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="approved"),
                name="accounts_one_verified_community_per_user",
            ),
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(status="pending"),
                name="accounts_one_pending_request_per_community",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"], name="accounts_res_comm_status")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.community_id} ({self.status})"


class CensusEntry(models.Model):
    """One line of a community's census list (人口登记名单), stored only as keyed hashes.

    The phone number is never kept in clear: ``phone_hash`` is an HMAC of the E.164 number, so
    a request's phone can be matched without the list being readable if the table leaks.
    """

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="census_entries"
    )
    phone_hash = models.CharField(max_length=64)
    dwelling_hash = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "phone_hash"], name="accounts_census_phone_once"
            )
        ]

    def __str__(self) -> str:
        return f"census {self.community_id} {self.phone_hash[:8]}"
