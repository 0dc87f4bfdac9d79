"""The eight site templates (模板) a community chooses from.

Each theme is a set of templates under ``themes/templates/themes/<slug>/`` (at least its own
``base.html``), one stylesheet at ``themes/static/themes/<slug>/theme.css`` and a preview image
at ``themes/static/themes/previews/<slug>.png`` (made by ``make screenshots``). The names and
descriptions are translated through the catalogues, so editors read them in their language.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["DEFAULT_THEME", "THEMES", "Theme", "get_theme", "theme_choices"]


@dataclass(frozen=True)
class Theme:
    """One site template: how a community's pages are laid out, typeset and coloured."""

    slug: str
    name: Promise
    description: Promise
    navigation: Promise

    @property
    def base_template(self) -> str:
        return f"themes/{self.slug}/base.html"

    @property
    def stylesheet(self) -> str:
        return f"themes/{self.slug}/theme.css"

    @property
    def preview(self) -> str:
        return f"themes/previews/{self.slug}.png"


_ALL = (
    Theme(
        "civic",
        _("Civic red"),
        _(
            "The classic government-service look: a compact red header, navigation across the "
            "top and notices beside the news in two columns."
        ),
        _("Top navigation bar"),
    ),
    Theme(
        "harbour",
        _("Harbour blue"),
        _(
            "An orderly service site: navigation in a side column on wide screens and a menu "
            "button on phones, with news as a dated list."
        ),
        _("Side navigation"),
    ),
    Theme(
        "garden",
        _("Neighbourhood garden"),
        _(
            "Friendly and warm: a large welcome banner, rounded cards for news and notices, "
            "and navigation as round buttons."
        ),
        _("Button navigation under a large banner"),
    ),
    Theme(
        "bulletin",
        _("Information portal"),
        _(
            "Dense and efficient for busy residents: boxed panels in three columns, smaller "
            "headings and many links on one screen."
        ),
        _("Full-width navigation bar with panels"),
    ),
    Theme(
        "magazine",
        _("Pictorial"),
        _(
            "An editorial look: a masthead with serif type, the latest story as a large lead "
            "and the rest in a newspaper grid."
        ),
        _("Centred masthead navigation"),
    ),
    Theme(
        "lantern",
        _("Lantern"),
        _(
            "Like a phone app: a narrow column, large rounded list items and a tab bar at the "
            "bottom of the screen on phones."
        ),
        _("Bottom tab bar on phones"),
    ),
    Theme(
        "ink",
        _("Ink wash"),
        _(
            "Quiet and literary: black on rice paper, serif type, one narrow column and news "
            "as a dated timeline."
        ),
        _("Vertical list beside the site name"),
    ),
    Theme(
        "tiles",
        _("Tiles"),
        _(
            "Bold and visual: a dark header and large coloured tiles for every section, easy "
            "to tap on a phone or a touch-screen kiosk."
        ),
        _("Tile grid"),
    ),
)

THEMES: dict[str, Theme] = {theme.slug: theme for theme in _ALL}
DEFAULT_THEME = "civic"


def get_theme(slug: str | None) -> Theme:
    """The theme called ``slug``; the default for an empty or unknown name (a removed theme)."""
    return THEMES.get(slug or "", THEMES[DEFAULT_THEME])


def theme_choices() -> list[tuple[str, Promise]]:
    return [(theme.slug, theme.name) for theme in _ALL]
