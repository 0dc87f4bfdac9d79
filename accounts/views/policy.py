"""The privacy policy (隐私政策) that residents consent to at sign-up, on every site."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_safe

from themes.shortcuts import render_themed

__all__ = ["privacy_policy"]

# Pages another module serves; the policy links them by name and falls back to their paths,
# so it renders even in a checkout where they are not mounted yet.
_LINKED_PAGES = {
    "export_url": ("account_data_export", "/accounts/privacy/export/"),
    "delete_url": ("account_delete", "/accounts/delete/"),
}


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@require_safe
def privacy_policy(request: HttpRequest) -> HttpResponse:
    """The policy text, in the request's language and the community's theme."""
    context = {name: _url(*target) for name, target in _LINKED_PAGES.items()}
    context["policy_version"] = settings.PRIVACY_POLICY_VERSION
    return render_themed(request, "accounts/privacy_policy.html", context)


# Mounted at /privacy/ by config/urls.py: `path("privacy/", include("accounts.views.policy"))`.
urlpatterns = [path("", privacy_policy, name="privacy_policy")]
