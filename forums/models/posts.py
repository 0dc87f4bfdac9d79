"""“I have something to say” (我有话说): residents' complaints, suggestions, questions, praise."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .content import ModeratedContent

__all__ = ["Post", "PostKind", "PostPhoto"]


class PostKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")  # 投诉: becomes a governance event
    SUGGESTION = "suggestion", _("Suggestion")  # 建议
    CONSULTATION = "consultation", _("Question")  # 咨询
    PRAISE = "praise", _("Praise")  # 表扬


class Post(ModeratedContent):
    """A post in the "I have something to say" column (我有话说).

    A complaint carries the governance event reported with it, in the same transaction; a
    question can be turned into one by the staff. Suggestions and questions get an official
    reply (官方回复) from the community's editors.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=120)
    building = models.CharField(_("building"), max_length=40, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Off: only the author and the community's staff see it."),
    )
    event = models.OneToOneField(
        "governance.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="post",
        verbose_name=_("governance event"),
    )
    official_reply = models.TextField(_("official reply"), max_length=4000, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident post")
        verbose_name_plural = _("resident posts")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "-created_at"], name="post_community_recent"),
            models.Index(fields=["community", "visibility"], name="post_community_visibility"),
        ]

    def __str__(self) -> str:
        return self.title


def post_photo_path(instance: "PostPhoto", filename: str) -> str:
    # A random name: the URL of one photo tells nothing about any other.
    return f"posts/{uuid.uuid4().hex}.jpg"


class PostPhoto(models.Model):
    """A photo attached to a post, re-encoded without EXIF or GPS data (``portal.uploads``)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="photos", verbose_name=_("post")
    )
    image = models.ImageField(_("photo"), upload_to=post_photo_path, max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("post photo")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.sort_order}"
