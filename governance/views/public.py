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
from governance.scope import HIDDEN_FROM_PUBLIC, may_view_event, shown_publicly, staff_sees
from governance.services import (
    NotAllowed,
    TransitionError,
    confirm_event,
    may_give_feedback,
    public_timeline,
    reopen_event,
)
from portal.uploads import private_photo_response
from themes.shortcuts import render_themed

# The visibility rule lives in ``governance.scope``; imported here for older callers.
__all__ = [
    "HIDDEN_FROM_PUBLIC",
    "answer_feedback",
    "event_detail",
    "event_feedback",
    "event_photo",
    "may_view_event",
    "shown_publicly",
]


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


def answer_feedback(event: Event, user: User, data: dict) -> str:
    """Apply a valid ``FeedbackForm``'s answer (confirm with a score, or reopen with a
    reason) and return the message to show; ``NotAllowed`` or ``TransitionError`` (nothing
    changed) otherwise. Shared by the event's page and the post it came from."""
    # Tell the service the state the page showed, so a change since is named as such.
    event.status = data["seen_status"] or event.status
    if data["action"] == FeedbackAction.CONFIRM:
        confirm_event(event, user, data["satisfaction"], comment=data["comment"])
        return gettext("Thank you. The matter is closed as settled.")
    reopen_event(event, user, data["comment"], satisfaction=data["satisfaction"])
    return gettext("The matter is reopened. The department has been told what is wrong.")


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
    try:
        done = answer_feedback(event, request.user, form.cleaned_data)
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
        allowed = request.user.is_authenticated and staff_sees(request.user, event)
    else:
        allowed = event.community_id == community.pk and may_view_event(request.user, event)
    if not allowed:
        raise Http404
    return private_photo_response(photo.image)
