"""The page foundation: every page type of the city portal and the community sites uses it."""

from django.http import HttpRequest
from wagtail.models import Page, Site

from communities import site_paths
from themes.resolution import template_names_for


class BasePage(Page):
    """A page whose template follows the site's theme and whose URLs stay cheap at 673 sites."""

    class Meta:
        abstract = True

    def get_template(self, request: HttpRequest, *args, **kwargs) -> list[str]:
        return template_names_for(request, super().get_template(request, *args, **kwargs))

    def _get_relevant_site_root_paths(self, cache_object=None):
        return site_paths.relevant_site_root_paths(
            self.url_path, self._get_site_root_paths(cache_object), cache_object
        )

    def get_url(self, request=None, current_site=None):
        # Wagtail's own get_url counts distinct sites over the whole root-path list for every
        # URL; at 673 sites that dominated rendering. Same logic, count cached per request.
        if current_site is None and request is not None:
            current_site = Site.find_for_request(request)
        url_parts = self.get_url_parts(request=request)
        if url_parts is None or (url_parts[1] is None and url_parts[2] is None):
            return None
        site_id, root_url, page_path = url_parts
        num_sites = site_paths.site_count(self._get_site_root_paths(request), request)
        if (current_site is not None and site_id == current_site.id) or num_sites == 1:
            return page_path
        return root_url + page_path

    url = property(get_url)

    def relative_url(self, current_site, request=None):
        return self.get_url(request=request, current_site=current_site)
