"""Elder-friendly mode (长辈模式): larger type, stronger contrast, bigger targets and simpler
navigation, chosen with a button on every page and remembered in a cookie.

It is a display preference of one browser, so it lives in a cookie rather than an account:
residents who never sign in (most elderly residents) keep it too.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

__all__ = ["COOKIE", "DisplayModeMiddleware", "elder_mode_for", "remember_elder_mode"]

COOKIE = "jiayuan_elder"
_ONE_YEAR = 365 * 24 * 3600


def elder_mode_for(request: HttpRequest) -> bool:
    return request.COOKIES.get(COOKIE) == "1"


def remember_elder_mode(response: HttpResponse, on: bool) -> None:
    if on:
        response.set_cookie(
            COOKIE,
            "1",
            max_age=_ONE_YEAR,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


class DisplayModeMiddleware:
    """Pages differ by the elder-mode cookie: tell shared caches so (``Vary: Cookie``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["Cookie"])
        return response
