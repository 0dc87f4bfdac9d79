"""Who works on which events (工作范围): dispatch centres, department units, supervisors, grids.

Read from the user's ``RoleGrant`` rows once per request (cached on the user object) and turned
into queryset filters, so that every queue, report and action asks the same question.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import Role, RoleGrant, SupervisionLevel, User
from accounts.services.roles import staff_scope

from .models import Event, EventStatus

__all__ = [
    "HIDDEN_FROM_PUBLIC",
    "Area",
    "GovernanceScope",
    "area_q",
    "events_in_scope",
    "governance_scope",
    "may_dispatch",
    "may_handle",
    "may_supervise",
    "may_view_event",
    "shown_publicly",
    "staff_sees",
]

_CACHE = "_jiayuan_governance_scope"


@dataclass(frozen=True)
class Area:
    """A place a role covers: ``level`` city (``pk`` None), district, subdistrict or community."""

    level: str
    pk: int | None = None

    def covers(self, event: Event) -> bool:
        community = event.community
        if self.level == SupervisionLevel.CITY:
            return True
        if self.level == SupervisionLevel.COMMUNITY:
            return community.pk == self.pk
        if self.level == SupervisionLevel.SUBDISTRICT:
            return community.subdistrict_id == self.pk
        return community.subdistrict.district_id == self.pk


CITY = Area(SupervisionLevel.CITY)


def area_q(area: Area, prefix: str = "") -> Q:
    """Events (or, with ``prefix`` "", any model with a ``community``) inside ``area``."""
    if area.level == SupervisionLevel.CITY:
        return Q()
    field = {
        SupervisionLevel.COMMUNITY: "community_id",
        SupervisionLevel.SUBDISTRICT: "community__subdistrict_id",
        SupervisionLevel.DISTRICT: "community__subdistrict__district_id",
    }[area.level]
    return Q(**{f"{prefix}{field}": area.pk})


@dataclass(frozen=True)
class GovernanceScope:
    dispatch_areas: tuple[Area, ...] = ()
    # (department id, area) pairs: a unit of a department, or the whole department city-wide.
    handler_units: tuple[tuple[int, Area], ...] = ()
    supervised_areas: tuple[Area, ...] = ()
    grid_ids: frozenset[int] = frozenset()
    everything: bool = False  # superusers and city administrators

    @property
    def is_governance_staff(self) -> bool:
        return self.everything or bool(
            self.dispatch_areas or self.handler_units or self.supervised_areas or self.grid_ids
        )


def _area_of(level: str, community: int | None, subdistrict: int | None, district: int | None):
    if community:
        return Area(SupervisionLevel.COMMUNITY, community)
    if subdistrict:
        return Area(SupervisionLevel.SUBDISTRICT, subdistrict)
    if district:
        return Area(SupervisionLevel.DISTRICT, district)
    return CITY


def governance_scope(user: User | AnonymousUser | None) -> GovernanceScope:
    """``user``'s governance roles: one query, then cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return GovernanceScope()
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    if staff_scope(user).is_city_admin:
        scope = GovernanceScope(everything=True)
    else:
        dispatch, units, supervised, grids = [], [], [], set()
        rows = RoleGrant.objects.filter(
            user_id=user.pk,
            role__in=[Role.DISPATCHER, Role.GOVERNANCE_HANDLER, Role.SUPERVISOR, Role.GRID_WORKER],
        ).values_list(
            "role", "level", "community_id", "subdistrict_id", "district_id", "department_id",
            "grid_id",
        )  # fmt: skip
        for role, level, community, subdistrict, district, department, grid in rows:
            area = _area_of(level, community, subdistrict, district)
            if role == Role.DISPATCHER:
                dispatch.append(area)
            elif role == Role.GOVERNANCE_HANDLER:
                units.append((department, area))
            elif role == Role.SUPERVISOR:
                supervised.append(area)
            else:
                grids.add(grid)
        scope = GovernanceScope(tuple(dispatch), tuple(units), tuple(supervised), frozenset(grids))
    setattr(user, _CACHE, scope)
    return scope


def _any(filters: list[Q]) -> Q | None:
    if not filters:
        return None
    combined = filters[0]
    for item in filters[1:]:
        combined |= item
    return combined


def events_in_scope(user: User | AnonymousUser | None, queryset: QuerySet[Event] | None = None):
    """The events ``user`` may see as staff: none for residents."""
    queryset = Event.objects.all() if queryset is None else queryset
    scope = governance_scope(user)
    if scope.everything:
        return queryset
    filters = [area_q(area) for area in (*scope.dispatch_areas, *scope.supervised_areas)]
    filters += [
        Q(department_id=department) & area_q(area) for department, area in scope.handler_units
    ]
    if scope.grid_ids:
        filters.append(Q(grid_id__in=scope.grid_ids))
    combined = _any(filters)
    return queryset.filter(combined) if combined is not None else queryset.none()


def may_dispatch(user: User | AnonymousUser | None, event: Event) -> bool:
    """A dispatcher of a centre whose area holds the event's community (or a city admin)."""
    scope = governance_scope(user)
    return scope.everything or any(area.covers(event) for area in scope.dispatch_areas)


def may_handle(user: User | AnonymousUser | None, event: Event) -> bool:
    """A handler of the event's department in a unit whose area holds the event."""
    scope = governance_scope(user)
    return scope.everything or any(
        department == event.department_id and area.covers(event)
        for department, area in scope.handler_units
    )


def may_supervise(user: User | AnonymousUser | None, event: Event) -> bool:
    scope = governance_scope(user)
    return scope.everything or any(area.covers(event) for area in scope.supervised_areas)


# --- who sees an event on the public side (事件公开) ------------------------------------------

# Not accepted (the report may be unfounded or abusive) or merged into another event (which
# carries the matter in public): only the reporter and the staff see these.
HIDDEN_FROM_PUBLIC = frozenset({EventStatus.REJECTED, EventStatus.DUPLICATE})


def shown_publicly(event: Event) -> bool:
    """Whether anyone may see the event. ``is_public`` is the reporter's wish, already off
    for private categories (see ``report_event``)."""
    return event.is_public and event.status not in HIDDEN_FROM_PUBLIC


def staff_sees(user: User | AnonymousUser | None, event: Event) -> bool:
    """Whether the event is in ``user``'s governance work (no query for residents)."""
    if not governance_scope(user).is_governance_staff:
        return False
    return events_in_scope(user, Event.objects.filter(pk=event.pk)).exists()


def may_view_event(user: User | AnonymousUser | None, event: Event) -> bool:
    """Anyone for a public event; otherwise its reporter and the staff whose work covers it."""
    if shown_publicly(event):
        return True
    if user is None or not user.is_authenticated:
        return False
    return event.reporter_id == user.pk or staff_sees(user, event)
