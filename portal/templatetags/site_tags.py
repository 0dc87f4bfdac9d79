"""Navigation and language links shared by every page template."""

from django import template
from django.conf import settings
from django.db.models import F, Q
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

from portal.models.base import subtree_q
from portal.navigation import site_links

register = template.Library()

# Treebeard path segment length: a depth-2 page (a site's home) has an 8-character path.
_HOME_PATH_LENGTH = 2 * Page.steplen


@register.simple_tag(takes_context=True)
def site_navigation(context, page: Page | None = None) -> dict:
    """The home page of the page's site in its language, and its menu children. One query."""
    request = context.get("request")
    if not isinstance(page, Page):
        # A plain view (search, forms): navigate the site the request is for.
        site = Site.find_for_request(request) if request is not None else None
        page = site.root_page.localized if site is not None else None
    links = site_links(request.path if request is not None else "")
    if page is None or page.depth < 2:
        return {"home": None, "home_url": "/", "items": links}
    home_path = page.path[:_HOME_PATH_LENGTH]
    # specific(defer=True) builds each page as its own type (BasePage's cheap URLs) from the
    # same row, without querying the type's table; deferring Page's own fields would cost a
    # query per page there, so the whole Page row is read.
    menu = subtree_q(home_path, 2, children_only=True) & Q(show_in_menus=True)
    pages = list(
        Page.objects.live().filter(Q(path=home_path) | menu).order_by("path").specific(defer=True)
    )
    home = pages[0] if pages and pages[0].path == home_path else None
    items = [
        {"title": p.title, "url": p.get_url(request), "current": page.path.startswith(p.path)}
        for p in pages
        if p.depth == 3
    ]
    if links and any(link["current"] for link in links):
        # A section view is current, not the site page whose path it starts with.
        items = [{**item, "current": False} for item in items]
    home_url = home.get_url(request) if home else "/"
    return {"home": home, "home_url": home_url, "items": items + links}


@register.simple_tag(takes_context=True)
def language_links(context, page: Page | None = None) -> list[dict]:
    """A link per language: the page's translation, else that of its nearest translated
    ancestor (a news item nobody translated leads to the English news list, not to a 404);
    for plain views the same path in the other language. One query."""
    request = context.get("request")
    current = get_language()
    by_language: dict[str, tuple[int, Page]] = {}
    if isinstance(page, Page) and page.pk and page.depth >= 2:
        lineage = [page.path[: n * Page.steplen] for n in range(2, page.depth + 1)]
        candidates = (
            Page.objects.live()
            .filter(
                translation_key__in=Page.objects.filter(path__in=lineage).values("translation_key")
            )
            .annotate(language_code=F("locale__language_code"))
            .specific(defer=True)
        )
        for candidate in candidates:
            code = candidate.language_code
            if code not in by_language or candidate.depth > by_language[code][0]:
                by_language[code] = (candidate.depth, candidate)
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        if code in by_language:
            url = by_language[code][1].get_url(request)
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links
