"""My account (我的账户): overview, profile and notification settings, for the signed-in user.

Pages of other helpers' modules (residency status, data export, account deletion) are linked
by URL name and only when the name resolves, so each page works on its own.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.account_sections import rendered_sections, residency_summary
from accounts.forms_profile import ProfileForm
from notifications.services import unread_count
from notifications.views import notification_settings
from themes.shortcuts import render_themed


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@login_required
@require_safe
def my_account(request: HttpRequest) -> HttpResponse:
    """The overview: who I am, my residency, my messages and my lists."""
    unread = unread_count(request.user)
    request._unread_notifications = unread  # the header's badge reuses it
    return render_themed(
        request,
        "accounts/account_overview.html",
        {
            "residency": residency_summary(request.user),
            "residency_url": _url_or_empty("residency_status"),
            "unread": unread,
            "sections": rendered_sections(request),
            "export_url": _url_or_empty("account_data_export"),
            "delete_url": _url_or_empty("account_delete"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    """Edit the display name and the private personal fields; all saved or none."""
    # A fresh copy: a rejected form must not leave its values on request.user for the page.
    user = get_user_model().objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("my_profile")
    return render_themed(request, "accounts/profile_form.html", {"form": form})


urlpatterns = [
    path("me/", my_account, name="my_account"),
    path("me/profile/", my_profile, name="my_profile"),
    path("me/notifications/", notification_settings, name="notification_settings"),
]
