"""Site root paths that stay cheap at 673 sites.

Wagtail maps a page to its site by scanning ``Site.get_site_root_paths()``: a list with one
entry per site and language (1,346 entries for 673 communities in two languages). Every cost
that grows with the number of sites is cut here:

* building the list on a cold cache ran one translations query per site (and made 2,000
  model instances); ``build`` runs one query of plain values whatever the number of sites;
* a warm cache still unpickled the whole list on every request; ``get_site_root_paths`` keeps
  it in the process and only reads a token from the shared cache to know it is current;
* every URL scanned the whole list, twice; ``relevant_site_root_paths`` and ``site_count``
  answer from an index built once per list. ``portal.models.BasePage`` uses them.

``install`` puts ``get_site_root_paths`` in Wagtail's place. ``tests/communities/
test_site_paths.py`` proves every answer equals Wagtail's own, which ``stock_wagtail`` and
``wagtail_get_site_root_paths`` bring back for tests and benchmarks.
"""

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache as cache_function
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from wagtail.models import Locale, Page, Site
from wagtail.models.sites import (
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
    SiteRootPath,
)

# What BasePage overrides to use the index; ``stock_wagtail`` hides them to compare.
URL_OVERRIDES = ("_get_relevant_site_root_paths", "get_url", "url")

CACHE_TIMEOUT = 3600  # Wagtail's
VERSION = SITE_ROOT_PATHS_CACHE_VERSION
# Wagtail's key holds a token naming the current list: Wagtail deletes that key whenever a
# site or a site's root page changes, so a process that still has the token's list in memory
# knows it is current without fetching it. The list itself is shared under this key + token.
_LIST_KEY = f"{SITE_ROOT_PATHS_CACHE_KEY}:list:"
_INDEX_ATTR = "_jiayuan_site_root_path_index"

# Wagtail's own builder, saved by ``install`` before it is replaced.
_wagtail_builder: Callable[[], list[SiteRootPath]] | None = None
# (token, list) of this process, and its index (see ``_index``).
_current: tuple[str, list[SiteRootPath]] | None = None
_indexed: tuple | None = None


# Wagtail's order: the most specific root path first, the default site first among equals.
_SITE_ORDER = ("-root_page__url_path", "-is_default_site", "hostname")


@cache_function
def _translated_roots_sql() -> str:
    """Each site with every translation of its root page, in Wagtail's order.

    Wagtail asks for each site's translations separately (``get_translations()``: pages
    sharing the root page's translation key, in tree order). The ORM cannot join pages on
    that key, and two ORM queries paired up in Python took twice as long as this join at
    673 sites: a cold cache costs that much on the request that rebuilds the list. Sites
    whose order Wagtail leaves to the database (same root path and host name, another
    port) are kept apart by id.
    """
    site, page, locale = (
        connection.ops.quote_name(model._meta.db_table) for model in (Site, Page, Locale)
    )
    # Only table names from the models' metadata are interpolated.
    return (
        "SELECT s.id, t.url_path, s.hostname, s.port, l.language_code "  # noqa: S608
        f"FROM {site} s "
        f"JOIN {page} r ON r.id = s.root_page_id "
        f"JOIN {page} t ON t.translation_key = r.translation_key "
        f"JOIN {locale} l ON l.id = t.locale_id "
        "ORDER BY r.url_path DESC, s.is_default_site DESC, s.hostname, s.id, t.path"
    )


class _Host(SimpleNamespace):
    """Stands for a Site in Wagtail's own ``Site.root_url`` code (hostname and port only)."""

    root_url = property(Site.root_url.fget)


def build() -> list[SiteRootPath]:
    """The same list as Wagtail's ``Site.get_site_root_paths``, in one query."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        rows = Site.objects.order_by(*_SITE_ORDER).values_list(
            "id", "root_page__url_path", "hostname", "port", "root_page__locale__language_code"
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute(_translated_roots_sql())
            rows = cursor.fetchall()
    result = []
    root_url = last_site = None
    for site_id, url_path, hostname, port, language in rows:
        if site_id != last_site:
            root_url, last_site = _Host(hostname=hostname, port=port).root_url, site_id
        result.append(SiteRootPath(site_id, url_path, root_url, language))
    return result


def get_site_root_paths() -> list[SiteRootPath]:
    """Drop-in for ``Site.get_site_root_paths``, invalidated by Wagtail as its own is.

    The list is shared by every request of the process: treat it as read-only.
    """
    global _current
    token = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=VERSION)
    if isinstance(token, str):  # anything else is Wagtail's own format, or nothing
        current = _current
        if current is not None and current[0] == token:
            return current[1]
        shared = cache.get(_LIST_KEY + token, version=VERSION)
        if shared is not None:
            result = list(map(SiteRootPath._make, shared))
            _current = (token, result)
            return result
    result = build()
    token = uuid.uuid4().hex
    # The list first: a process that sees the new token must find its list.
    # Plain tuples: named ones pickle eight times slower.
    cache.set(_LIST_KEY + token, list(map(tuple, result)), CACHE_TIMEOUT, version=VERSION)
    cache.set(SITE_ROOT_PATHS_CACHE_KEY, token, CACHE_TIMEOUT, version=VERSION)
    _current = (token, result)
    return result


def install() -> None:
    """Replace Wagtail's builder, so every caller (admin included) gets this one."""
    global _wagtail_builder
    current = Site.__dict__["get_site_root_paths"].__func__
    if current is get_site_root_paths:
        return  # installed already
    _wagtail_builder = current
    Site.get_site_root_paths = staticmethod(get_site_root_paths)


def wagtail_get_site_root_paths() -> list[SiteRootPath]:
    """Wagtail's original ``Site.get_site_root_paths``, from a cold cache.

    Cold because the cache holds this module's token, which Wagtail's code cannot read.
    """
    Site.clear_site_root_paths_cache()
    return (_wagtail_builder or Site.get_site_root_paths)()


@contextmanager
def stock_wagtail(*page_classes: type[Page]) -> Iterator[None]:
    """Wagtail's own behaviour for the duration, for tests and benchmarks that compare.

    Restores Wagtail's builder and hides the ``URL_OVERRIDES`` defined on ``page_classes``
    (pass ``BasePage``), so their pages fall back to ``Page``'s methods. The cache entry is
    cleared on the way in and out: each implementation has its own format. Not thread-safe.
    """
    hidden = {
        cls: {name: vars(cls)[name] for name in URL_OVERRIDES if name in vars(cls)}
        for cls in page_classes
    }
    ours = Site.__dict__["get_site_root_paths"]
    Site.clear_site_root_paths_cache()
    if _wagtail_builder is not None:
        Site.get_site_root_paths = staticmethod(_wagtail_builder)
    for cls, attributes in hidden.items():
        for name in attributes:
            delattr(cls, name)
    try:
        yield
    finally:
        for cls, attributes in hidden.items():
            for name, value in attributes.items():
                setattr(cls, name, value)
        Site.get_site_root_paths = ours
        Site.clear_site_root_paths_cache()


def _index(root_paths: Sequence[SiteRootPath], cache_object: object) -> tuple:
    """(list, root path → first position, root path → later positions, number of sites).

    Kept for the process's current list, else on ``cache_object`` (the request or the page,
    where Wagtail keeps its copy of the list), keyed by the list's identity. Positions, not
    entries, and a second dict for the rare root page shared by several sites: the index is
    rebuilt whenever Wagtail clears its cache, and every object made then costs time in the
    garbage collections of that request.
    """
    global _indexed
    for cached in (_indexed, getattr(cache_object, _INDEX_ATTR, None)):
        if cached is not None and cached[0] is root_paths:
            return cached
    first: dict[str, int] = {}
    later: dict[str, list[int]] = {}
    for position, entry in enumerate(root_paths):
        if first.setdefault(entry.root_path, position) != position:
            later.setdefault(entry.root_path, []).append(position)
    indexed = (root_paths, first, later, len({entry.site_id for entry in root_paths}))
    current = _current
    if current is not None and current[1] is root_paths:
        _indexed = indexed
    else:
        setattr(cache_object, _INDEX_ATTR, indexed)
    return indexed


def relevant_site_root_paths(
    url_path: str, root_paths: Sequence[SiteRootPath], cache_object: object
) -> tuple[SiteRootPath, ...]:
    """The entries whose root path is a prefix of ``url_path``, in the list's own order.

    Wagtail tests ``url_path.startswith(root_path)`` against every entry. Root paths are
    url_paths themselves ("/", "/slug/", "/slug/child/"), so only the page's own path and
    its ancestors' paths can match: one dict lookup per ancestor instead of a scan.
    """
    _list, first, later, _sites = _index(root_paths, cache_object)
    prefixes = ["/"]
    for segment in url_path.strip("/").split("/"):
        if segment:
            prefixes.append(f"{prefixes[-1]}{segment}/")
    found: list[int] = []
    for prefix in prefixes:
        position = first.get(prefix)
        if position is not None:
            found.append(position)
            found.extend(later.get(prefix, ()))
    return tuple(root_paths[position] for position in sorted(found))


def site_count(root_paths: Sequence[SiteRootPath], cache_object: object) -> int:
    """Distinct sites in the list, counted once per list instead of once per URL."""
    return _index(root_paths, cache_object)[3]
