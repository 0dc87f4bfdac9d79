from django.conf import settings

from .scope import community_for_request


def _portal_url(request) -> str:
    host = request.get_host()
    port = host.rsplit(":", 1)[1] if ":" in host.rsplit("]", 1)[-1] else ""
    return f"{request.scheme}://{settings.PORTAL_DOMAIN}{':' + port if port else ''}/"


def current_community(request):
    return {"community": community_for_request(request), "portal_url": _portal_url(request)}
