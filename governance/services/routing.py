"""Routing (分流规则): where a new event goes, decided by its category and its place."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Residency, ResidencyStatus, User
from accounts.validators import squeeze
from communities.models import Building, Community, Grid
from governance.models import Category, Department

__all__ = ["Routing", "route"]


@dataclass(frozen=True)
class Routing:
    department: Department
    handling_level: str
    grid: Grid | None


def route(
    community: Community,
    category: Category,
    *,
    grid: Grid | None = None,
    building: str = "",
    reporter: User | None = None,
) -> Routing:
    """The department and level from the category; the grid from what is known of the place.

    The grid is the one given (a grid worker reports in their own grid), else the grid of the
    named building, else the grid of the reporter's verified home in this community; or none,
    for the dispatcher to choose.
    """
    if grid is None and building:
        found = Building.objects.filter(community=community, name=squeeze(building)).first()
        grid = found.grid if found else None
    if grid is None and reporter is not None:
        home = (
            Residency.objects.filter(
                user=reporter, community=community, status=ResidencyStatus.APPROVED
            )
            .exclude(grid=None)
            .select_related("grid")
            .first()
        )
        grid = home.grid if home else None
    return Routing(category.department, category.handling_level, grid)
