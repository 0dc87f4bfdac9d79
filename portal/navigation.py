"""Links every site's main menu ends with, besides its pages: the city-wide sections served
by plain views on every host (the service catalogue, social organisations)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

__all__ = ["SiteLink", "register_site_link", "site_links"]


@dataclass(frozen=True)
class SiteLink:
    url_name: str
    title: str | Promise
    order: int


_LINKS: dict[str, SiteLink] = {}


def register_site_link(url_name: str, title: str | Promise, order: int = 100) -> None:
    """Add the view ``url_name`` to every site's menu (called from an app's ``ready``)."""
    _LINKS[url_name] = SiteLink(url_name, title, order)


def site_links(current_path: str) -> list[dict]:
    """The registered links as menu items, in the active language's URLs."""
    items = []
    for link in sorted(_LINKS.values(), key=lambda link: (link.order, link.url_name)):
        url = reverse(link.url_name)
        items.append(
            {"title": str(link.title), "url": url, "current": current_path.startswith(url)}
        )
    return items
