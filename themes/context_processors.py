from django.utils.functional import SimpleLazyObject

from .display_mode import elder_mode_for
from .resolution import theme_for_request


def theme(request):
    """``theme`` (read only when a template uses it, so admin pages pay nothing) and
    ``elder_mode`` for every template."""
    return {
        "theme": SimpleLazyObject(lambda: theme_for_request(request)),
        "elder_mode": elder_mode_for(request),
    }
