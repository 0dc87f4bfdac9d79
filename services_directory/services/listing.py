"""What residents see of the one-stop services (一站式服务): the city's catalogue with a
community's own local items (本社区特色事项), and the community's places to apply (服务网点).

On a community's site a resident sees the city items and that community's local items, never
another community's; on the city portal (no community) the city items only. Withdrawn items
and closed service points are kept in the database but not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from communities.models import Community
from services_directory.models import ServiceCategory, ServiceItem, ServicePoint

__all__ = [
    "MAX_QUERY_LENGTH",
    "CategoryGroup",
    "catalogue_for",
    "categories",
    "item_for",
    "service_points_for",
    "visible_items",
]

MAX_QUERY_LENGTH = 50


@dataclass(frozen=True)
class CategoryGroup:
    """One category of the catalogue and its listed items, in order."""

    category: ServiceCategory
    items: list[ServiceItem]


def categories() -> list[ServiceCategory]:
    """Every category, in the catalogue's order (the choices of the category filter)."""
    return list(ServiceCategory.objects.order_by("sort_order", "code"))


def visible_items(community: Community | None) -> QuerySet[ServiceItem]:
    """The offered items a visitor of ``community``'s site (None: the portal) may see."""
    where = Q(community__isnull=True)
    if community is not None:
        where |= Q(community=community)
    return ServiceItem.objects.filter(where, is_active=True).select_related("category")


def catalogue_for(
    community: Community | None,
    category: ServiceCategory | str | None = None,
    service_type: str | None = None,
    query: str | None = None,
) -> list[CategoryGroup]:
    """The catalogue as a community's residents see it (目录): the city items and the
    community's own local items (after the city's in each category), grouped by category in
    the catalogue's order; categories without a matching item are left out.

    ``category`` (an instance or its code), ``service_type`` (a ``ServiceType`` value) and
    ``query`` (words that must all appear in the name or summary, either language) narrow it.
    """
    items = visible_items(community)
    if isinstance(category, ServiceCategory):
        items = items.filter(category=category)
    elif category:
        items = items.filter(category__code=category)
    if service_type:
        items = items.filter(service_type=service_type)
    for word in (query or "")[:MAX_QUERY_LENGTH].split():
        items = items.filter(
            Q(name__icontains=word)
            | Q(name_en__icontains=word)
            | Q(summary__icontains=word)
            | Q(summary_en__icontains=word)
        )
    items = items.order_by(
        "category__sort_order",
        "category__code",
        F("community").asc(nulls_first=True),
        "sort_order",
        "pk",
    )
    groups: list[CategoryGroup] = []
    for item in items:
        if not groups or groups[-1].category.pk != item.category_id:
            groups.append(CategoryGroup(item.category, []))
        groups[-1].items.append(item)
    return groups


def item_for(community: Community | None, pk: int) -> ServiceItem | None:
    """The item ``pk`` as shown on ``community``'s site, or None: withdrawn, or a local item
    of another community (which this community's site does not know about)."""
    return visible_items(community).filter(pk=pk).first()


def service_points_for(community: Community | None) -> list[ServicePoint]:
    """The open places to apply of ``community`` (服务网点): its service centre's
    comprehensive window first, then the self-service terminals (易办事)."""
    if community is None:
        return []
    return list(
        ServicePoint.objects.filter(community=community, is_active=True)
        .select_related("operator")
        .order_by("kind", "sort_order", "pk")
    )
