"""Questions residents ask an organisation in public, and its public answers (公众质询)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["OrganisationQuestion"]


class OrganisationQuestion(models.Model):
    """A signed-in resident's question to an organisation, optionally about one disclosure."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="questions"
    )
    disclosure = models.ForeignKey(
        "organisations.Disclosure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_questions"
    )
    body = models.TextField(_("question"))
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Hidden by a moderator (off-topic, abusive, personal information): kept, not shown.
    is_hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        verbose_name = _("question to an organisation")
        verbose_name_plural = _("questions to organisations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "is_hidden", "-created_at"])]

    def __str__(self) -> str:
        return self.body[:50]
