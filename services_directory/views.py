"""The one-stop services pages (一站式服务): the catalogue, an item, its materials checklist.

Served on every host. On a community's site they show the city's items with that
community's own local items and its places to apply (服务网点); on the city portal the city's
catalogue, with a pointer to one's community for the places. A local item of another
community is "not found" here, like anything that is not this site's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode

from communities.models import Community
from communities.scope import community_for_request
from services_directory.models import (
    ServiceCategory,
    ServiceItem,
    ServicePoint,
    ServicePointKind,
    ServiceType,
)
from services_directory.services.listing import (
    MAX_QUERY_LENGTH,
    catalogue_for,
    categories,
    item_for,
    service_points_for,
)
from themes.shortcuts import render_themed

__all__ = ["Filters", "checklist", "index", "item_detail", "parse_filters"]


@dataclass(frozen=True)
class Filters:
    """The catalogue's filters as asked for in the query string; unknown values are ignored
    (an old bookmark or a hand-edited address shows the whole catalogue, never an error)."""

    category: ServiceCategory | None = None
    service_type: str = ""
    query: str = ""

    @property
    def active(self) -> bool:
        return bool(self.category or self.service_type or self.query)


def parse_filters(params, known: list[ServiceCategory]) -> Filters:
    code = params.get("category", "")
    service_type = params.get("type", "")
    return Filters(
        category=next((c for c in known if c.code == code), None),
        service_type=service_type if service_type in ServiceType.values else "",
        query=" ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH],
    )


@dataclass(frozen=True)
class Places:
    """A community's places to apply, by kind."""

    centres: list[ServicePoint]
    terminals: list[ServicePoint]

    @classmethod
    def of(cls, community: Community | None) -> Places:
        points = service_points_for(community)
        return cls(
            centres=[p for p in points if p.kind == ServicePointKind.SERVICE_CENTRE],
            terminals=[p for p in points if p.kind == ServicePointKind.TERMINAL],
        )

    def __bool__(self) -> bool:
        return bool(self.centres or self.terminals)


def index(request: HttpRequest) -> HttpResponse:
    """The catalogue: filter by category, type and words; on a community's site with the
    community's local items and its places to apply."""
    community = community_for_request(request)
    known = categories()
    filters = parse_filters(request.GET, known)
    groups = catalogue_for(
        community,
        category=filters.category,
        service_type=filters.service_type,
        query=filters.query,
    )
    return render_themed(
        request,
        "services_directory/index.html",
        {
            "community": community,
            "places": Places.of(community),
            "groups": groups,
            "count": sum(len(group.items) for group in groups),
            "filters": filters,
            "categories": known,
            "service_types": ServiceType.choices,
            "find_community_url": reverse("find_community"),
        },
    )


def _item(request: HttpRequest, pk: int) -> tuple[Community | None, ServiceItem]:
    community = community_for_request(request)
    item = item_for(community, pk)
    if item is None:
        raise Http404
    return community, item


def _where(item: ServiceItem, places: Places) -> dict:
    """The places of this community where ``item`` is applied for."""
    return {
        "centres": places.centres if item.at_window else [],
        "terminals": places.terminals if item.at_terminal else [],
    }


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An item with everything a resident needs before going: what it is, who may apply,
    what to bring, the steps, time and fee, the legal basis, and where to apply."""
    community, item = _item(request, pk)
    places = Places.of(community)
    category_url = (
        reverse("services_directory:index") + "?" + urlencode({"category": item.category.code})
    )
    return render_themed(
        request,
        "services_directory/detail.html",
        {
            "community": community,
            "item": item,
            "places": places,
            "where": _where(item, places),
            "category_url": category_url,
            "find_community_url": reverse("find_community"),
        },
    )


def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """The materials to bring as a printable checklist, in large print."""
    community, item = _item(request, pk)
    places = Places.of(community)
    return render_themed(
        request,
        "services_directory/checklist.html",
        {"community": community, "item": item, "where": _where(item, places)},
    )
