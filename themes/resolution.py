"""Themed template resolution: ``themes/<theme>/<name>`` first, then ``<name>``.

The lists are plain template names, so Django's cached loader caches each candidate once for
every theme; nothing is kept per thread or per process. The theme itself is read from the
community's settings, which Wagtail caches on the request only: a change of theme shows on the
site's very next request, and no request can see another's theme.
"""

from django.http import HttpRequest

from .registry import DEFAULT_THEME, Theme, get_theme

__all__ = ["template_names_for", "theme_for_request", "theme_template_names"]

_ATTR = "_jiayuan_theme"


def theme_for_request(request: HttpRequest | None) -> Theme:
    """The theme of the community the request is for; the default on the city portal."""
    if request is None:
        return get_theme(DEFAULT_THEME)
    try:
        return getattr(request, _ATTR)
    except AttributeError:
        pass
    from communities.models import CommunitySettings
    from communities.scope import community_for_request

    slug = None
    if community_for_request(request) is not None:
        # The same request-cached instance the footer's contact details use: no extra query.
        slug = CommunitySettings.for_request(request).theme
    theme = get_theme(slug)
    setattr(request, _ATTR, theme)
    return theme


def theme_template_names(name: str | list[str], theme: str) -> list[str]:
    names = [name] if isinstance(name, str) else list(name)
    return [f"themes/{theme}/{n}" for n in names] + names


def template_names_for(request: HttpRequest | None, name: str | list[str]) -> list[str]:
    """Candidates for ``name`` in the request's theme, for pages and plain views alike."""
    return theme_template_names(name, theme_for_request(request).slug)
