"""What every piece of resident-written content shares: its community, author, text and the
moderation state that decides who sees it (内容审核状态)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ModeratedContent", "Visibility"]


class Visibility(models.TextChoices):
    """Who sees a topic, reply, post or comment. Only ``PUBLISHED`` is shown to the public;
    the author always sees their own item, with a note saying why others do not."""

    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for moderation")  # a banned word: a moderator decides first
    FLAGGED = "flagged", _("Hidden after reports")  # N people reported it: a moderator decides
    HIDDEN = "hidden", _("Hidden by a moderator")


# States a moderator still has to decide about (the moderation queue).
AWAITING_MODERATION = (Visibility.HELD, Visibility.FLAGGED)


class ModeratedContent(models.Model):
    """A community's user-written item; changed only through ``forums.services``."""

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("community"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are erased, never deleted: posts stay, anonymised
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=10000)
    created_at = models.DateTimeField(_("posted at"), db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLISHED,
        db_index=True,
    )
    moderation_note = models.CharField(
        _("moderation note"),
        max_length=200,
        blank=True,
        help_text=_("Why it was held or hidden; shown to the author."),
    )
    flag_count = models.PositiveSmallIntegerField(_("open reports"), default=0)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED
