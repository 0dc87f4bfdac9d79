"""The community forum (社区论坛): boards, topics, replies, who follows what, last visits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .content import ModeratedContent

__all__ = ["Board", "BoardVisit", "Reply", "Topic", "TopicFollow"]


class Board(models.Model):
    """A board (版块) of one community's forum; archived boards stay readable but closed."""

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="boards",
        verbose_name=_("community"),
    )
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, allow_unicode=False)
    description = models.CharField(_("description"), max_length=240, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_("An archived board can still be read, but nobody can post in it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("forum board")
        verbose_name_plural = _("forum boards")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="board_slug_per_community")
        ]

    def __str__(self) -> str:
        return self.name


class Topic(ModeratedContent):
    """A forum topic (主题帖): the first post and the replies under it."""

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="topics", verbose_name=_("board")
    )
    title = models.CharField(_("title"), max_length=120)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(
        _("locked"), default=False, help_text=_("No new replies; what is there stays.")
    )
    reply_count = models.PositiveIntegerField(_("replies"), default=0)  # published ones
    last_activity_at = models.DateTimeField(_("last activity"))
    event = models.OneToOneField(
        "governance.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_topic",
        verbose_name=_("governance event"),
        help_text=_("Set when a moderator turned the topic into an event (转为事件)."),
    )

    class Meta:
        verbose_name = _("forum topic")
        verbose_name_plural = _("forum topics")
        indexes = [
            models.Index(
                fields=["board", "-is_pinned", "-last_activity_at"], name="topic_board_order"
            ),
            models.Index(fields=["community", "visibility"], name="topic_community_visibility"),
        ]

    def __str__(self) -> str:
        return self.title


class Reply(ModeratedContent):
    """A reply (回帖) in a topic, optionally quoting an earlier reply or the topic itself."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="replies", verbose_name=_("topic")
    )
    quoted = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted reply"),
    )
    quotes_topic = models.BooleanField(_("quotes the topic"), default=False)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["topic", "created_at"], name="reply_topic_order"),
            models.Index(fields=["community", "visibility"], name="reply_community_visibility"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} #{self.pk}"


class TopicFollow(models.Model):
    """A user follows a topic (关注): told of each new reply, in the inbox and by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_topics"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("followed topic")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.topic_id}"


class BoardVisit(models.Model):
    """When a user last opened a board: what is newer is marked "new" for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_visits"
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="visits")
    visited_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="board_visit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.board_id}"
