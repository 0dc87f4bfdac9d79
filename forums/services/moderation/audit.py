"""The audit log actions of moderation (审核日志): one per kind of decision, written with
``wagtail.log_actions.log`` and registered in ``forums/wagtail_hooks.py`` so each shows in
Wagtail's history and site history reports with a readable label."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from accounts.models import User

__all__ = ["ACTIONS", "record"]

# action → label in the reports. "jiayuan.forum_<action>".
ACTIONS = {
    "jiayuan.forum_report": _("Report content"),
    "jiayuan.forum_auto_hide": _("Hide content after reports"),
    "jiayuan.forum_hide": _("Hide content"),
    "jiayuan.forum_publish": _("Publish content"),
    "jiayuan.forum_lock": _("Lock topic"),
    "jiayuan.forum_unlock": _("Unlock topic"),
    "jiayuan.forum_pin": _("Pin topic"),
    "jiayuan.forum_unpin": _("Unpin topic"),
    "jiayuan.forum_move": _("Move topic"),
    "jiayuan.forum_escalate": _("Turn topic into an event"),
    "jiayuan.forum_ban": _("Ban from posting"),
    "jiayuan.forum_lift_ban": _("Lift posting ban"),
    "jiayuan.forum_board_create": _("Add forum board"),
    "jiayuan.forum_board_update": _("Change forum board"),
    "jiayuan.forum_board_archive": _("Archive forum board"),
    "jiayuan.forum_board_unarchive": _("Reopen forum board"),
}


def record(instance: models.Model, action: str, user: User | None, **data) -> None:
    """Write one audit entry (the action must be one of ``ACTIONS``)."""
    if action not in ACTIONS:  # an unregistered action would show as a bare code
        raise ValueError(f"Unknown moderation action {action!r}")
    log(instance, action, user=user, data={k: v for k, v in data.items() if v not in (None, "")})
