"""Who sees which queue of the workbench (工作台), and the querysets behind the queues.

Every list starts from ``events_in_scope`` so a staff member never sees an event outside their
work scope, whatever the queue adds on top. The listed querysets join what the columns show
and annotate the deadline, so a page costs the same number of queries however long it is.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Q, QuerySet, Subquery

from accounts.models import Role, RoleGrant, SupervisionLevel, User
from communities.models import Community
from governance.models import (
    DISPATCH_STATES,
    HANDLING_STATES,
    Checkpoint,
    CheckpointState,
    Department,
    Event,
    Supervision,
)
from governance.scope import Area, area_q, events_in_scope, governance_scope

__all__ = [
    "dispatch_communities",
    "dispatch_queue",
    "handler_candidates",
    "handling_queue",
    "is_dispatcher",
    "is_governance_staff",
    "is_handler",
    "is_supervisor",
    "listed",
    "overdue_queue",
]

Someone = User | AnonymousUser | None

# The checkpoints whose deadline still matters: running, warned, or passed and not yet met.
LIVE_CHECKPOINT_STATES = (CheckpointState.PENDING, CheckpointState.WARNED, CheckpointState.OVERDUE)


def is_dispatcher(user: Someone) -> bool:
    scope = governance_scope(user)
    return scope.everything or bool(scope.dispatch_areas)


def is_handler(user: Someone) -> bool:
    scope = governance_scope(user)
    return scope.everything or bool(scope.handler_units)


def is_supervisor(user: Someone) -> bool:
    scope = governance_scope(user)
    return scope.everything or bool(scope.supervised_areas)


def is_governance_staff(user: Someone) -> bool:
    return governance_scope(user).is_governance_staff


def _either(filters: list[Q]) -> Q | None:
    combined = None
    for item in filters:
        combined = item if combined is None else combined | item
    return combined


def _within(user: Someone, queryset: QuerySet[Event], filters: list[Q]) -> QuerySet[Event]:
    """``queryset`` limited to ``filters`` (all of it for city-wide staff), then to the scope."""
    if not governance_scope(user).everything:
        combined = _either(filters)
        queryset = queryset.filter(combined) if combined is not None else queryset.none()
    return events_in_scope(user, queryset)


def dispatch_queue(user: Someone) -> QuerySet[Event]:
    """Events waiting for a dispatch centre (受理/分流) in the user's dispatch areas."""
    scope = governance_scope(user)
    waiting = Event.objects.filter(status__in=DISPATCH_STATES)
    return _within(user, waiting, [area_q(area) for area in scope.dispatch_areas])


def handling_queue(user: Someone) -> QuerySet[Event]:
    """Events waiting for a department unit (处置) the user is a handler of."""
    scope = governance_scope(user)
    waiting = Event.objects.filter(status__in=HANDLING_STATES)
    units = [Q(department_id=department) & area_q(area) for department, area in scope.handler_units]
    return _within(user, waiting, units)


def overdue_queue(user: Someone) -> QuerySet[Event]:
    """Overdue events (红牌) in the areas the user supervises (督办)."""
    scope = governance_scope(user)
    late = Event.objects.filter(is_overdue=True)
    return _within(user, late, [area_q(area) for area in scope.supervised_areas])


def listed(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """``queryset`` with what a queue row shows: related rows joined, deadlines annotated."""
    deadline = (
        Checkpoint.objects.filter(event=OuterRef("pk"), state__in=LIVE_CHECKPOINT_STATES)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    supervision_due = (
        Supervision.objects.filter(event=OuterRef("pk"), closed_at=None)
        .order_by("-opened_at")
        .values("due_at")[:1]
    )
    return queryset.select_related("community", "category", "department", "handler").annotate(
        deadline=Subquery(deadline), supervision_due=Subquery(supervision_due)
    )


def _community_q(area: Area) -> Q:
    if area.level == SupervisionLevel.COMMUNITY:
        return Q(pk=area.pk)
    if area.level == SupervisionLevel.SUBDISTRICT:
        return Q(subdistrict_id=area.pk)
    if area.level == SupervisionLevel.DISTRICT:
        return Q(subdistrict__district_id=area.pk)
    return Q()


def dispatch_communities(user: Someone) -> QuerySet[Community]:
    """The communities a dispatcher may type events in for (their centres' areas)."""
    scope = governance_scope(user)
    communities = Community.objects.with_hierarchy()
    if scope.everything:
        return communities
    combined = _either([_community_q(area) for area in scope.dispatch_areas])
    return communities.filter(combined) if combined is not None else communities.none()


def handler_candidates(department: Department | int | None, event: Event) -> QuerySet[User]:
    """Users holding a handler grant of ``department`` whose unit covers ``event``'s place.

    Only a list to choose from: ``dispatch_event`` checks the choice again when it applies it.
    """
    if department is None:
        return User.objects.none()
    community = event.community
    grants = RoleGrant.objects.filter(
        role=Role.GOVERNANCE_HANDLER,
        department_id=department.pk if isinstance(department, Department) else department,
    ).filter(
        Q(community_id=community.pk)
        | Q(subdistrict_id=community.subdistrict_id)
        | Q(district_id=community.subdistrict.district_id)
        | Q(community=None, subdistrict=None, district=None)
    )
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by(
        "display_name", "username"
    )
