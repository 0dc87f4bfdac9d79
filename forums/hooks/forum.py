"""What the forum part of the app registers at start-up (notification kinds, account sections,
exporters, rules)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Called once from ``ForumsConfig.ready``: the "forum" notification kind (论坛回复), sent
    to a topic's followers when someone replies."""
    from notifications.kinds import register_kind

    register_kind(
        "forum",
        _("Replies in topics I follow"),
        _("When someone replies in a forum topic you started, replied to or follow."),
    )
