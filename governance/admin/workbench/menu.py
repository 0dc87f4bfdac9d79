"""The "Work network" menu (社会管理工作网): one entry per queue the user has a role for."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .access import is_dispatcher, is_governance_staff, is_handler, is_supervisor

__all__ = ["work_network_menu_item"]


class RoleMenuItem(MenuItem):
    """Shown only to users holding the role; the scope is cached, so the menu costs one query."""

    def __init__(self, *args, shown_to: Callable[..., bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request) -> bool:
        return self.shown_to(request.user)


def work_network_menu_item() -> SubmenuMenuItem:
    """The submenu; hidden altogether (by Wagtail) when none of its entries is shown."""
    ns = "governance_workbench"
    items = [
        RoleMenuItem(_("Dispatch queue"), reverse_lazy(f"{ns}:dispatch"), name="dispatch-queue",
                     icon_name="tasks", order=100, shown_to=is_dispatcher),
        RoleMenuItem(_("My events"), reverse_lazy(f"{ns}:mine"), name="my-events",
                     icon_name="user", order=200, shown_to=is_handler),
        RoleMenuItem(_("Overdue"), reverse_lazy(f"{ns}:overdue"), name="overdue-events",
                     icon_name="warning", order=300, shown_to=is_supervisor),
        RoleMenuItem(_("All events"), reverse_lazy(f"{ns}:events"), name="all-events",
                     icon_name="list-ul", order=400, shown_to=is_governance_staff),
        RoleMenuItem(_("Report an event"), reverse_lazy(f"{ns}:report"), name="report-event",
                     icon_name="plus", order=500, shown_to=is_dispatcher),
    ]  # fmt: skip
    return SubmenuMenuItem(
        _("Work network"), Menu(items=items), name="work-network", icon_name="tasks", order=250
    )
