"""What surveys, deliberations and elections share: a community, a voting window and a rule
for who may take part (参与资格)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Participation

__all__ = ["Participation", "VotingWindow"]


class VotingWindow(models.Model):
    """A community's vote open from ``opens_at`` until ``closes_at`` (exclusive)."""

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=120)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Off: a draft that only the community's editors see."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title
