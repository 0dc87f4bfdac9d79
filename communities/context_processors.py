from django.conf import settings
from django.urls import reverse

from .scope import community_for_request


def _portal_url(request) -> str:
    """The city portal's home in the current language, on the request's scheme and port."""
    host = request.get_host()
    port = host.rsplit(":", 1)[1] if ":" in host.rsplit("]", 1)[-1] else ""
    origin = f"{request.scheme}://{settings.PORTAL_DOMAIN}{':' + port if port else ''}"
    return origin + reverse("wagtail_serve", args=("",))


def current_community(request):
    return {"community": community_for_request(request), "portal_url": _portal_url(request)}
