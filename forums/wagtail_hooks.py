"""Admin wiring of the forums (论坛管理): the moderation queue and bans, forum boards, the
banned-word list, and the moderation actions of the audit log."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from forums.admin import urls as moderation_urls
from forums.admin.boards import BoardPermissionPolicy, BoardViewSet
from forums.admin.menu import moderation_menu_item
from forums.admin.words import BannedWordPermissionPolicy, BannedWordViewSet
from forums.hooks.posts import register_log_actions as register_post_log_actions
from forums.models import BannedWord, Board
from forums.services.moderation import ACTIONS

# Before anything asks for the policies (Wagtail would make fallback ones).
register_permission_policy(Board, BoardPermissionPolicy(Board), exact_class=True)
register_permission_policy(BannedWord, BannedWordPermissionPolicy(BannedWord), exact_class=True)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path(
            "forums/",
            include((moderation_urls.urlpatterns, moderation_urls.app_name)),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_moderation_menu():
    return moderation_menu_item()


@hooks.register("register_admin_viewset")
def register_board_viewset():
    return BoardViewSet()


@hooks.register("register_admin_viewset")
def register_banned_word_viewset():
    return BannedWordViewSet()


def _details(data: dict) -> str:
    parts = []
    if data.get("reason"):
        parts.append(_("reason: %(reason)s") % {"reason": data["reason"]})
    if data.get("event"):
        parts.append(_("event %(reference)s") % {"reference": data["event"]})
    if data.get("board"):
        parts.append(_("to “%(board)s”") % {"board": data["board"]})
    if data.get("until"):
        parts.append(_("until %(until)s") % {"until": data["until"][:16].replace("T", " ")})
    return "; ".join(str(p) for p in parts)


def _formatter(action_label):
    class ModerationFormatter(LogFormatter):
        label = action_label

        def format_message(self, log_entry) -> str:
            details = _details(log_entry.data or {})
            return f"{self.label} ({details})" if details else str(self.label)

    return ModerationFormatter


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action)(_formatter(label))


# The posts' own audit actions: the office's official replies and conversions to events.
hooks.register("register_log_actions", register_post_log_actions)
