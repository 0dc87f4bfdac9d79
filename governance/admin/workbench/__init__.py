"""The governance workbench (工作台) in the Wagtail admin: the dispatch queue, the handler's
"my events", the supervisor's overdue list, all events in scope, the event page with its
actions, and the dispatcher's "Report an event" form.

``register_workbench()`` gives what the Wagtail hooks need; ``governance.admin.workbench_hooks``
registers them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import include, path
from django.urls.resolvers import URLPattern, URLResolver
from wagtail.admin.menu import SubmenuMenuItem

__all__ = ["Workbench", "register_workbench"]


@dataclass(frozen=True)
class Workbench:
    urls: list[URLPattern | URLResolver]  # for the "register_admin_urls" hook
    menu_item: SubmenuMenuItem  # for the "register_admin_menu_item" hook


def register_workbench() -> Workbench:
    """The admin URLs (under /admin/governance/, namespace "governance_workbench") and the
    "Work network" menu."""
    from . import urls
    from .menu import work_network_menu_item

    return Workbench(
        urls=[path("governance/", include((urls.urlpatterns, urls.app_name)))],
        menu_item=work_network_menu_item(),
    )
