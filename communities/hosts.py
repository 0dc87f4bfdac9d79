"""Origins (scheme://host[:port]) of the portal and the community sites, as a request sees them."""

from django.conf import settings
from django.http import HttpRequest

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_for(hostname: str, request: HttpRequest | None = None) -> str:
    """``hostname`` on the scheme and port the request came in on (settings without one).

    A visitor who reached the portal at localhost:8000 gets community links on :8000 too.
    """
    if request is None:
        port = settings.PORTAL_PORT
        scheme = "https" if port == 443 else "http"
    else:
        scheme = request.scheme
        host = request.get_host()
        port = int(host.rsplit(":", 1)[1]) if ":" in host.rsplit("]", 1)[-1] else None
    suffix = f":{port}" if port and port != _DEFAULT_PORTS[scheme] else ""
    return f"{scheme}://{hostname}{suffix}"
