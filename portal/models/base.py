"""The page foundation: every page type of the city portal and the community sites uses it."""

from django.db.models import Q
from django.http import HttpRequest
from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath

from communities import site_paths
from themes.resolution import template_names_for


def subtree_q(path: str, depth: int, *, children_only: bool = False) -> Q:
    """The descendants (or children) of the page at ``path`` and ``depth``.

    Wagtail's ``descendant_of`` and ``child_of`` filter on ``path LIKE 'prefix%'``, which
    SQLite (case-insensitive LIKE) and PostgreSQL (non-C collations) cannot look up in the
    path index: every page is scanned, over 4,000 at 673 sites, several times per request.
    Treebeard paths only use 0-9 and A-Z, so a subtree is exactly a range of paths.
    """
    top = Page.alphabet[-1] * (Page._meta.get_field("path").max_length - len(path))
    depth_q = Q(depth=depth + 1) if children_only else Q(depth__gt=depth)
    return Q(path__range=(path, path + top)) & depth_q


class BasePage(Page):
    """A page whose template follows the site's theme and whose URLs stay cheap at 673 sites.

    The URL methods below are Wagtail's, with its two scans of the whole site root paths list
    (1,346 entries at 673 sites) for every URL replaced by lookups in an index built once per
    list; the names are listed in ``site_paths.URL_OVERRIDES``, and
    ``tests/communities/test_site_paths.py`` proves the answers identical.
    """

    class Meta:
        abstract = True

    def get_template(self, request: HttpRequest, *args, **kwargs) -> list[str]:
        return template_names_for(request, super().get_template(request, *args, **kwargs))

    def _get_relevant_site_root_paths(self, cache_object=None) -> tuple[SiteRootPath, ...]:
        # Same caching rule as Wagtail's ``_get_site_root_paths``: the request, else the page.
        cache_object = cache_object if cache_object else self
        return site_paths.relevant_site_root_paths(
            self.url_path, self._get_site_root_paths(cache_object), cache_object
        )

    def get_url(self, request: HttpRequest | None = None, current_site: Site | None = None):
        # Wagtail's ``Page.get_url`` line for line, except the count of distinct sites, which
        # it recomputes over the whole list for every URL.
        if current_site is None and request is not None:
            current_site = Site.find_for_request(request)
        url_parts = self.get_url_parts(request=request)
        if url_parts is None or (url_parts[1] is None and url_parts[2] is None):
            return None  # not routable
        site_id, root_url, page_path = url_parts
        cache_object = request if request else self
        num_sites = site_paths.site_count(self._get_site_root_paths(request), cache_object)
        if (current_site is not None and site_id == current_site.id) or num_sites == 1:
            return page_path
        return root_url + page_path

    # Page's ``url`` property is bound to Page.get_url; rebind it to the method above.
    url = property(get_url)
