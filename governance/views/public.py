"""What a resident sees of an event (事件公开页): its progress, the photos, and the reporter's
"is it settled?" answer (案结事了).

An event nobody may see here answers 404, never 403: its reference number must not tell a
stranger that a private matter (a family dispute) exists.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.models import User
from communities.scope import community_for_request
from governance.forms import FeedbackAction, FeedbackForm
from governance.models import Event, EventPhoto, EventStatus
from governance.scope import events_in_scope, governance_scope
from governance.services import (
    NotAllowed,
    TransitionError,
    confirm_event,
    may_give_feedback,
    public_timeline,
    reopen_event,
)
from themes.shortcuts import render_themed

__all__ = [
    "HIDDEN_FROM_PUBLIC",
    "event_detail",
    "event_feedback",
    "event_photo",
    "may_view_event",
    "shown_publicly",
]

# Not accepted (the report may be unfounded or abusive) or merged into another event (which
# carries the matter in public): only the reporter and the staff see these.
HIDDEN_FROM_PUBLIC = frozenset({EventStatus.REJECTED, EventStatus.DUPLICATE})


def shown_publicly(event: Event) -> bool:
    """Whether anyone may see the event. ``is_public`` is the reporter's wish, already off
    for private categories (see ``report_event``)."""
    return event.is_public and event.status not in HIDDEN_FROM_PUBLIC


def _staff_sees(user: User, event: Event) -> bool:
    # Residents have no governance scope: no query beyond the (cached) scope lookup.
    if not governance_scope(user).is_governance_staff:
        return False
    return events_in_scope(user, Event.objects.filter(pk=event.pk)).exists()


def may_view_event(user: User, event: Event) -> bool:
    """Anyone for a public event; otherwise its reporter and the staff whose work covers it."""
    if shown_publicly(event):
        return True
    if not user.is_authenticated:
        return False
    return event.reporter_id == user.pk or _staff_sees(user, event)


def _event_for(request: HttpRequest, reference: str) -> Event:
    """The event of this community's site that the visitor may see, or 404."""
    community = community_for_request(request)
    if community is None:
        raise Http404
    event = (
        Event.objects.select_related("category", "reporter", "community")
        .filter(community=community, reference=reference)
        .first()
    )
    if event is None or not may_view_event(request.user, event):
        raise Http404
    return event


def _page(
    request: HttpRequest,
    event: Event,
    form: FeedbackForm | None = None,
    *,
    error: str = "",
    status: int | None = None,
) -> HttpResponse:
    asks_feedback = event.status == EventStatus.RESOLVED and may_give_feedback(request.user, event)
    if asks_feedback and form is None:
        form = FeedbackForm(initial={"seen_status": event.status})
    return render_themed(
        request,
        "governance/event_detail.html",
        {
            "event": event,
            "timeline": public_timeline(event),
            "photos": list(event.photos.all()),
            "feedback_form": form if asks_feedback else None,
            "feedback_error": error,
        },
        status=status,
    )


def event_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """An event's public page: what was reported, where, and each public step since."""
    return _page(request, _event_for(request, reference))


@require_POST
@login_required
def event_feedback(request: HttpRequest, reference: str) -> HttpResponse:
    """The reporter's answer to "resolved": confirm with a score, or reopen with a reason."""
    event = _event_for(request, reference)
    if not may_give_feedback(request.user, event):
        error = gettext("Only the person who reported this matter can say whether it is settled.")
        return _page(request, event, error=error, status=403)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _page(request, event, form, status=400)
    data = form.cleaned_data
    # Tell the service the state the page showed, so a change since is named as such.
    event.status = data["seen_status"] or event.status
    try:
        if data["action"] == FeedbackAction.CONFIRM:
            confirm_event(event, request.user, data["satisfaction"], comment=data["comment"])
            done = gettext("Thank you. The matter is closed as settled.")
        else:
            reopen_event(event, request.user, data["comment"], satisfaction=data["satisfaction"])
            done = gettext("The matter is reopened. The department has been told what is wrong.")
    except NotAllowed as error:
        return _page(request, _event_for(request, reference), error=str(error), status=403)
    except TransitionError as error:
        # EventConflict included: nothing was changed; show the event as it is now.
        event = _event_for(request, reference)
        return _page(request, event, form, error=str(error), status=400)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("governance:event_detail", args=[event.reference]))


def event_photo(request: HttpRequest, pk: int) -> FileResponse:
    """An event's photo, to those who may see the event: the only door to these files."""
    photo = EventPhoto.objects.select_related("event").filter(pk=pk).first()
    if photo is None:
        raise Http404
    event = photo.event
    community = community_for_request(request)
    if community is None:
        # The portal (and the admin's host) serves photos to the staff only.
        allowed = request.user.is_authenticated and _staff_sees(request.user, event)
    else:
        allowed = event.community_id == community.pk and may_view_event(request.user, event)
    if not allowed:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type="image/jpeg")
    # Never in a shared cache: the next visitor of a proxy may not be allowed to see it.
    response["Cache-Control"] = "private, max-age=3600"
    return response
