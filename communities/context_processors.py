from django.conf import settings
from django.urls import reverse

from .hosts import origin_for
from .scope import community_for_request


def _portal_url(request) -> str:
    """The city portal's home in the current language, on the request's scheme and port."""
    return origin_for(settings.PORTAL_DOMAIN, request) + reverse("wagtail_serve", args=("",))


def current_community(request):
    return {"community": community_for_request(request), "portal_url": _portal_url(request)}
