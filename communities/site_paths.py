"""Site root paths that stay cheap at 673 sites.

Wagtail maps a page to its site by scanning ``Site.get_site_root_paths()``: a list with one
entry per site and language (1,346 entries for 673 communities in two languages). Two costs
grow with the number of sites, and both are removed here:

* building the list on a cold cache runs one translations query per site; ``build`` uses two
  queries whatever the number of sites, and ``install`` puts it in Wagtail's place;
* every URL scans the whole list; ``relevant_site_root_paths`` looks the page's ancestors' paths
  up in a dict built once per request.

``tests/communities/test_site_paths.py`` proves the result equals Wagtail's own.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Page, Site
from wagtail.models.sites import (
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
    SiteRootPath,
)

_INDEX_ATTR = "_jiayuan_site_root_path_index"


def build() -> list[SiteRootPath]:
    """The same list as Wagtail's ``Site.get_site_root_paths``, in two queries."""
    sites = list(
        Site.objects.select_related("root_page", "root_page__locale").order_by(
            "-root_page__url_path", "-is_default_site", "hostname"
        )
    )
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return [
            SiteRootPath(
                site.id,
                site.root_page.url_path,
                site.root_url,
                site.root_page.locale.language_code,
            )
            for site in sites
        ]
    keys = {site.root_page.translation_key for site in sites}
    translations: dict = defaultdict(list)
    pages = (
        Page.objects.filter(translation_key__in=keys)
        .select_related("locale")
        .only("url_path", "translation_key", "path", "locale__language_code")
        .order_by("path")
    )
    for page in pages:
        translations[page.translation_key].append(page)
    return [
        SiteRootPath(site.id, page.url_path, site.root_url, page.locale.language_code)
        for site in sites
        for page in translations[site.root_page.translation_key]
    ]


def get_site_root_paths() -> list[SiteRootPath]:
    """Drop-in for ``Site.get_site_root_paths``, sharing its cache key and invalidation."""
    result = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    if result is None:
        result = build()
        cache.set(SITE_ROOT_PATHS_CACHE_KEY, result, 3600, version=SITE_ROOT_PATHS_CACHE_VERSION)
        return result
    return [SiteRootPath(*item) for item in result]


def install() -> None:
    """Replace Wagtail's builder, so every caller (admin included) gets the two-query one."""
    Site.get_site_root_paths = staticmethod(get_site_root_paths)


def relevant_site_root_paths(
    url_path: str, root_paths: Sequence[SiteRootPath], cache_object: object | None
) -> tuple[SiteRootPath, ...]:
    """The entries whose root path is a prefix of ``url_path``, in the list's own order."""
    index = getattr(cache_object, _INDEX_ATTR, None) if cache_object is not None else None
    if index is None or index[0] is not root_paths:
        by_path: dict[str, list[tuple[int, SiteRootPath]]] = defaultdict(list)
        for position, entry in enumerate(root_paths):
            by_path[entry.root_path].append((position, entry))
        index = (root_paths, by_path)
        if cache_object is not None:
            setattr(cache_object, _INDEX_ATTR, index)
    by_path = index[1]
    matches: list[tuple[int, SiteRootPath]] = []
    prefix = "/"
    candidates = [prefix]
    for segment in url_path.strip("/").split("/"):
        if segment:
            prefix = f"{prefix}{segment}/"
            candidates.append(prefix)
    for candidate in candidates:
        matches.extend(by_path.get(candidate, ()))
    matches.sort(key=lambda item: item[0])
    return tuple(entry for _, entry in matches)


def site_count(root_paths: Sequence[SiteRootPath], cache_object: object | None) -> int:
    """Distinct sites in the list, computed once per request instead of once per URL."""
    if cache_object is None:
        return len({entry.site_id for entry in root_paths})
    cached = getattr(cache_object, "_jiayuan_site_count", None)
    if cached is None or cached[0] is not root_paths:
        cached = (root_paths, len({entry.site_id for entry in root_paths}))
        cache_object._jiayuan_site_count = cached
    return cached[1]
