"""Moderation (内容管理): residents' reports, posting bans, the banned-word list."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["BannedWord", "Flag", "FlagReason", "PostingBan"]


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Advertising or spam")
    ABUSE = "abuse", _("Abusive or threatening")
    PERSONAL = "personal", _("Shows someone's personal information")
    FALSE = "false", _("False or misleading")
    ILLEGAL = "illegal", _("Illegal content")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    """One person's report (举报) of a topic, reply, post or comment; one per person and item."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=FlagReason.choices)
    detail = models.CharField(_("details"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("reported at"))
    # Set when a moderator decides about the item: later reports count afresh.
    resolved_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"], name="flag_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="flag_target")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} ({self.reason})"


class PostingBan(models.Model):
    """A user may not post in a community until ``ends_at`` (禁言), for a stated reason."""

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="posting_bans",
        verbose_name=_("community"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="posting_bans",
        verbose_name=_("user"),
    )
    reason = models.CharField(_("reason"), max_length=200)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("banned by"),
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        verbose_name = _("posting ban")
        verbose_name_plural = _("posting bans")
        indexes = [models.Index(fields=["user", "community", "ends_at"], name="ban_lookup")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.community_id} → {self.ends_at:%Y-%m-%d}"


class BannedWord(models.Model):
    """A word or phrase that holds a post for a moderator (敏感词) instead of publishing it."""

    phrase = models.CharField(_("word or phrase"), max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("banned word")
        verbose_name_plural = _("banned words")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase
