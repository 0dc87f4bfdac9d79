"""Admin wiring of the themes app: the theme page, its menu item and its log action."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from communities.scope import editable_communities

from .admin_views import ChooseThemeView, ThemeIndexView
from .registry import get_theme
from .services import THEME_CHANGE_ACTION

_urls = (
    [
        path("", ThemeIndexView.as_view(), name="index"),
        path("<int:community_id>/", ChooseThemeView.as_view(), name="choose"),
    ],
    "themes",
)


@hooks.register("register_admin_urls")
def register_theme_urls():
    return [path("themes/", include(_urls))]


class ThemeMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return editable_communities(request.user).exists()


@hooks.register("register_settings_menu_item")
def register_theme_menu_item():
    return ThemeMenuItem(_("Site theme"), reverse("themes:index"), icon_name="desktop", order=50)


@hooks.register("register_log_actions")
def register_theme_log_action(actions):
    @actions.register_action(THEME_CHANGE_ACTION)
    class ThemeChangeFormatter(LogFormatter):
        label = _("Change theme")

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            return _("Changed the site's theme from “%(old)s” to “%(new)s”") % {
                "old": get_theme(data.get("from")).name,
                "new": get_theme(data.get("to")).name,
            }
