"""The polls' admin menu (民意议事): surveys, deliberations and elections, each limited to the
communities the editor edits."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from polls.admin import deliberations, elections, surveys


class PollsMenu(ViewSetGroup):
    menu_label = _("Polls and votes")
    menu_icon = "tasks"
    menu_order = 320
    items = tuple(
        area.viewset for area in (surveys, deliberations, elections) if area.viewset is not None
    )


@hooks.register("register_admin_viewset")
def register_polls_menu():
    return PollsMenu() if PollsMenu.items else []
