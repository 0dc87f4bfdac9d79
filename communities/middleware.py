from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject

from .scope import community_for_request


class CurrentCommunityMiddleware:
    """Exposes ``request.community``, resolved lazily and at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.community = SimpleLazyObject(lambda: community_for_request(request))
        return self.get_response(request)


# Admin report views that summarise every site at once; for city administrators only.
CITY_WIDE_REPORTS = {"page-types-usage"}
_CITY_WIDE_REPORT_URLS = {"wagtailadmin_reports:page_types_usage"}


class CityWideReportsMiddleware:
    """Refuses Wagtail reports that show other communities' pages to community staff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match and match.view_name in _CITY_WIDE_REPORT_URLS and not request.user.is_superuser:
            raise PermissionDenied
        return None
