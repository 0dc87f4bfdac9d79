"""The "Moderation" menu (内容管理): shown to the moderators and editors of any community and
to city administrators; each entry only to those it serves."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from accounts.services.roles import is_city_admin

from .scope import may_manage_boards, may_moderate_somewhere

__all__ = ["moderation_menu_item"]


class RoleMenuItem(MenuItem):
    def __init__(self, *args, shown_to: Callable[..., bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request) -> bool:
        return self.shown_to(request.user)


def moderation_menu_item() -> SubmenuMenuItem:
    """The submenu; hidden altogether (by Wagtail) when none of its entries is shown."""
    items = [
        RoleMenuItem(_("Moderation queue"), reverse_lazy("forums_moderation:queue"),
                     name="moderation-queue", icon_name="warning", order=100,
                     shown_to=may_moderate_somewhere),
        RoleMenuItem(_("Posting bans"), reverse_lazy("forums_moderation:bans"),
                     name="posting-bans", icon_name="lock", order=200,
                     shown_to=may_moderate_somewhere),
        RoleMenuItem(_("Forum boards"), reverse_lazy("forum_boards:index"), name="forum-boards",
                     icon_name="list-ul", order=300, shown_to=may_manage_boards),
        RoleMenuItem(_("Banned words"), reverse_lazy("forum_banned_words:index"),
                     name="banned-words", icon_name="cross", order=400, shown_to=is_city_admin),
    ]  # fmt: skip
    return SubmenuMenuItem(
        _("Moderation"), Menu(items=items), name="moderation", icon_name="warning", order=270
    )
