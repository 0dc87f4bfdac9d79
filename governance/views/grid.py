"""The grid worker's report page (网格员上报) on a community's site: phone first, no JavaScript.

Only the community's grid workers report here, each for their own grids; the event goes in
through ``report_event`` like every other source.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import User
from communities.models import Community, Grid
from communities.scope import community_for_request
from portal.forms import add_service_errors
from themes.shortcuts import render_themed

from ..forms_grid import GridReportForm
from ..models import Event, EventSource
from ..scope import governance_scope
from ..services import NotAllowed, report_event

TEMPLATE = "governance/grid_report.html"


def worker_grids(user: User | AnonymousUser, community: Community) -> list[Grid]:
    """The grids of ``community`` that ``user`` is the grid worker (网格员) of."""
    grid_ids = governance_scope(user).grid_ids
    if not grid_ids:
        return []
    return list(community.grids.filter(pk__in=grid_ids).order_by("code"))


def _just_reported(request: HttpRequest, community: Community) -> Event | None:
    """The event named by ``?reported=``, if this worker reported it here: the confirmation
    after the redirect, which shows nothing for anyone else's reference."""
    reference = request.GET.get("reported", "")
    if not reference:
        return None
    return Event.objects.filter(
        reference=reference[:16], community=community, reporter=request.user
    ).first()


@login_required
def grid_report(request: HttpRequest) -> HttpResponse:
    """Report an event from the worker's rounds, with photos from the phone's camera."""
    community = community_for_request(request)
    if community is None:
        raise Http404  # a community's page: the city portal has no grids of its own
    grids = worker_grids(request.user, community)
    if not grids:
        return render_themed(request, TEMPLATE, {"forbidden": True}, status=403)
    if request.method == "POST":
        form = GridReportForm(request.POST, request.FILES, grids=grids)
        if form.is_valid():
            data = form.cleaned_data
            try:
                event = report_event(
                    source=EventSource.GRID_WORKER,
                    community=community,
                    grid=data["grid"],
                    category=data["category"],
                    title=data["title"],
                    description=data["description"],
                    location=data["location"],
                    building=data["building"],
                    priority=data["priority"],
                    public=data["public"],
                    photos=data["photos"],
                    actor=request.user,
                    reporter=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as error:
                form.add_error(None, str(error))
            else:
                url = reverse("governance:grid_report")
                return HttpResponseRedirect(f"{url}?{urlencode({'reported': event.reference})}")
    else:
        form = GridReportForm(grids=grids)
    return render_themed(
        request,
        TEMPLATE,
        {
            "form": form,
            "reported": _just_reported(request, community),
            # A browser never refills a file input: say so rather than let photos vanish.
            "photos_dropped": bool(form.errors and request.FILES.getlist("photos")),
        },
        status=400 if form.errors else None,
    )
