"""The polls page of a community's site (民意议事): its opinion polls (民意调查), sunshine
deliberations (阳光议事) and elections (民主选举), each open, upcoming or closed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services.residency import is_verified_resident
from communities.models import CommunitySettings
from communities.scope import community_for_request
from polls.models import PollIndexPage
from polls.services.deliberations import may_propose
from polls.services.listing import CLOSED_SHOWN, ListedItem, Section, poll_listing
from themes.shortcuts import render_themed

__all__ = ["poll_index"]


def _linked(items: list[ListedItem], page: PollIndexPage, base: str) -> list[ListedItem]:
    """The items with their URLs under the polls page (``base``)."""
    return [
        replace(item, url=base + page.reverse_subpage(item.route, kwargs=item.route_kwargs))
        for item in items
    ]


def _section(
    code: str, title: str, empty: str, section: Section, page: PollIndexPage, base: str
) -> dict[str, Any]:
    groups = [
        ("waiting", _("Your proposals waiting for the community office"), section.waiting),
        ("open", _("Open now"), section.open),
        ("upcoming", _("Coming up"), section.upcoming),
        ("closed", _("Closed"), section.closed),
    ]
    return {
        "code": code,
        "title": title,
        "empty_text": empty,
        "is_empty": section.is_empty,
        "groups": [(key, heading, _linked(items, page, base)) for key, heading, items in groups],
        "closed_hidden": section.closed_hidden,
    }


def poll_index(request: HttpRequest, page: PollIndexPage) -> HttpResponse:
    """Every poll, deliberation and election of the community that the visitor may see."""
    community = community_for_request(request)
    if community is None:  # the city portal has no polls of its own
        raise Http404
    base = page.get_url(request) or "/"
    listing = poll_listing(community, request.user)
    refusal = may_propose(request.user, community)
    # Say why one may not propose only where residents may: elsewhere it is the office's call.
    propose_note = ""
    if refusal is not None and CommunitySettings.for_request(request).residents_may_propose:
        propose_note = refusal.message
    sections = [
        _section(
            "surveys", _("Opinion polls"), _("No opinion polls yet."), listing.surveys, page, base
        ),
        _section(
            "deliberations",
            _("Sunshine deliberation"),
            _("No deliberations yet."),
            listing.deliberations,
            page,
            base,
        ),
        _section(
            "elections", _("Elections"), _("No elections yet."), listing.elections, page, base
        ),
    ]
    return render_themed(
        request,
        "polls/index.html",
        {
            "page": page,
            "community": community,
            "sections": sections,
            "closed_shown": CLOSED_SHOWN,
            "propose_url": "" if refusal else base + page.reverse_subpage("propose"),
            "propose_note": propose_note,
            "is_resident": is_verified_resident(request.user, community),
            "residency_url": reverse("residency_status"),
        },
    )
