"""Themed template resolution: ``themes/<theme>/<name>`` first, then ``<name>``.

The lists are plain template names, so Django's cached loader caches each candidate once for
every theme; nothing is kept per thread or per request.
"""

from django.http import HttpRequest

DEFAULT_THEME = "default"


def theme_for_request(request: HttpRequest | None) -> str:
    """The theme of the community the request is for; the default on the city portal."""
    community = getattr(request, "community", None) if request is not None else None
    return getattr(community, "theme", None) or DEFAULT_THEME


def theme_template_names(name: str | list[str], theme: str) -> list[str]:
    names = [name] if isinstance(name, str) else list(name)
    return [f"themes/{theme}/{n}" for n in names] + names


def template_names_for(request: HttpRequest | None, name: str | list[str]) -> list[str]:
    """Candidates for ``name`` in the request's theme, for pages and plain views alike."""
    return theme_template_names(name, theme_for_request(request))
