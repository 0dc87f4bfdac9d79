"""Changing a community's theme: the one way it is done, by the admin screen and by scripts."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.log_actions import log

from communities.models import Community, CommunitySettings

from .registry import THEMES, Theme

__all__ = ["THEME_CHANGE_ACTION", "ThemeError", "change_theme"]

THEME_CHANGE_ACTION = "jiayuan.theme_change"


class ThemeError(ValueError):
    """A theme that does not exist was asked for."""


@transaction.atomic
def change_theme(community: Community, slug: str, *, user: AbstractBaseUser | None = None) -> Theme:
    """Give ``community``'s site the theme ``slug`` and record who changed it, from what.

    Nothing caches a site's look beyond one request (the theme is read with the site's
    settings, which Wagtail keeps on the request), so the next request shows the new theme.
    Choosing the theme already in use changes and logs nothing.
    """
    if slug not in THEMES:
        raise ThemeError(slug)
    site_settings, _ = CommunitySettings.objects.select_for_update().get_or_create(
        site_id=community.site_id
    )
    previous = site_settings.theme
    if previous != slug:
        site_settings.theme = slug
        site_settings.save(update_fields=["theme"])
        log(
            instance=site_settings,
            action=THEME_CHANGE_ACTION,
            user=user,
            data={"community": community.name, "from": previous, "to": slug},
        )
    return THEMES[slug]
