"""The signed-in user's inbox (站内信): list, open (marks read, follows the link), mark all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notifications import services
from notifications.forms import PreferencesForm
from notifications.kinds import all_kinds
from notifications.models import Notification
from themes.shortcuts import render_themed

PER_PAGE = 20


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's messages, newest first, 20 a page; unread ones say so in words."""
    page_obj = Paginator(Notification.objects.filter(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    labels = {kind.code: kind.label for kind in all_kinds()}
    for item in page_obj.object_list:
        item.kind_label = labels.get(item.kind, "")
    unread = services.unread_count(request.user)
    request._unread_notifications = unread  # the header's badge reuses it (templatetags)
    return render_themed(
        request, "notifications/inbox.html", {"page_obj": page_obj, "unread": unread}
    )


@login_required
@require_safe
def open_notification(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Mark one of the user's messages read and go to its link, if that link is on this site."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, [notification.pk])
    # The link comes from our own code, but it is still never followed off this site.
    url = notification.url
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(url)
    return redirect("notifications_inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponseRedirect:
    marked = services.mark_read(request.user, services.ALL)
    if marked:
        messages.success(request, _("All your messages are marked as read."))
    return redirect("notifications_inbox")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """My account → notification settings: per kind, in the inbox and/or by email."""
    # Unticked boxes are absent from the POST: an all-off form is still a bound form.
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, rows=services.preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_preferences(request.user, form.choices())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_settings")
    return render_themed(
        request,
        "notifications/settings.html",
        {"form": form, "has_verified_email": services.has_verified_email(request.user)},
    )
