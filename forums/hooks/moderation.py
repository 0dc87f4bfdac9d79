"""What the moderation part of the app registers at start-up: the "moderation" notification
kind (staff only: moderators hear of items hidden after reports)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind


def register() -> None:
    """Called once from ``ForumsConfig.ready``."""
    from forums.services.moderation.notices import MODERATION_KIND

    register_kind(
        MODERATION_KIND,
        _("Forum moderation"),
        _("For moderators: posts, topics and comments hidden after residents' reports."),
    )
