"""What a staff user may reach (权限范围): their scope, and who may see personal information."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Q, QuerySet

from accounts.models import ResidencyStatus, Role, RoleGrant, SupervisionLevel, User
from communities.models import Community

ROLE_GRANT_ACTION = "jiayuan.role_grant"
ROLE_REVOKE_ACTION = "jiayuan.role_revoke"

# Roles whose rights are a community's own group rather than a city-wide one.
COMMUNITY_ROLES = {
    Role.COMMUNITY_EDITOR: "editors_group",
    Role.COMMUNITY_MODERATOR: "moderators_group",
}
# Residency states in which the community's editors decide about the person, and so need to
# know who they are (pending: to check the request; approved: to end it when they move away).
DECIDING_STATES = (ResidencyStatus.PENDING, ResidencyStatus.APPROVED)

_SCOPE_CACHE = "_jiayuan_staff_scope"


@dataclass(frozen=True)
class StaffScope:
    """What a staff user is tied to. Ids only: callers filter their own querysets with them.

    ``city_wide`` is a city-level supervisor (and a superuser); ``is_city_admin`` a city
    administrator or superuser. Community ids include group memberships without a grant.
    """

    edited_community_ids: frozenset[int] = frozenset()
    moderated_community_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    department_ids: frozenset[int] = frozenset()
    subdistrict_ids: frozenset[int] = frozenset()
    district_ids: frozenset[int] = frozenset()
    city_wide: bool = False
    is_city_admin: bool = False
    # Reviews and supervises social organisations' disclosures, city-wide (民政监管).
    reviews_disclosures: bool = False

    @property
    def supervises(self) -> bool:
        return self.city_wide or bool(self.subdistrict_ids or self.district_ids)


NO_SCOPE = StaffScope()


def _active(user: User | AnonymousUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def staff_scope(user: User | AnonymousUser | None) -> StaffScope:
    """The scope of ``user``'s roles: two queries, then cached on the user object."""
    if not _active(user):
        return NO_SCOPE
    cached = getattr(user, _SCOPE_CACHE, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = StaffScope(city_wide=True, is_city_admin=True, reviews_disclosures=True)
    else:
        scope = _load_scope(user)
    setattr(user, _SCOPE_CACHE, scope)
    return scope


def _load_scope(user: User) -> StaffScope:
    ids: dict[str, set[int]] = {name: set() for name in StaffScope.__dataclass_fields__}
    city_wide = is_city_admin = reviews_disclosures = False
    grants = RoleGrant.objects.filter(user_id=user.pk).values_list(
        "role", "community_id", "organisation_id", "department_id", "level", "subdistrict_id",
        "district_id",
    )  # fmt: skip
    for role, community, organisation, department, level, subdistrict, district in grants:
        if role == Role.COMMUNITY_EDITOR:
            ids["edited_community_ids"].add(community)
        elif role == Role.COMMUNITY_MODERATOR:
            ids["moderated_community_ids"].add(community)
        elif role == Role.ORGANISATION_STAFF:
            ids["organisation_ids"].add(organisation)
        elif role == Role.GOVERNANCE_HANDLER:
            ids["department_ids"].add(department)
        elif role == Role.SUPERVISOR and level == SupervisionLevel.CITY:
            city_wide = True
        elif role == Role.SUPERVISOR:
            ids["subdistrict_ids" if subdistrict else "district_ids"].add(subdistrict or district)
        elif role == Role.CITY_ADMIN:
            is_city_admin = True
        elif role == Role.CIVIL_AFFAIRS:
            reviews_disclosures = True
    # The groups are what give editors their rights; a membership made outside this module
    # (provisioning, the demo seed) counts as much as a grant.
    memberships = User.groups.through.objects.filter(user_id=user.pk).values_list(
        "group__edited_community", "group__moderated_community"
    )
    for edited, moderated in memberships:
        if edited:
            ids["edited_community_ids"].add(edited)
        if moderated:
            ids["moderated_community_ids"].add(moderated)
    return StaffScope(
        **{name: frozenset(value) for name, value in ids.items() if name.endswith("_ids")},
        city_wide=city_wide,
        is_city_admin=is_city_admin,
        reviews_disclosures=reviews_disclosures,
    )


def is_city_admin(user: User | AnonymousUser | None) -> bool:
    """A superuser, or a user holding the city administrator role (市级管理员)."""
    return staff_scope(user).is_city_admin


def communities_in_scope(user: User | AnonymousUser | None) -> QuerySet[Community]:
    """Communities ``user`` works on: edited, moderated, or in a supervised area (all of them
    for a city-wide supervisor, a city administrator or a superuser).

    Built without touching the database and evaluated in one query, so it can also be used
    as a subquery: ``Residency.objects.filter(community__in=communities_in_scope(user))``.
    """
    if not _active(user):
        return Community.objects.none()
    if user.is_superuser:
        return Community.objects.all()
    grants = RoleGrant.objects.filter(user_id=user.pk)
    city = grants.filter(
        Q(role=Role.CITY_ADMIN) | Q(role=Role.SUPERVISOR, level=SupervisionLevel.CITY)
    )
    groups = User.groups.through.objects.filter(user_id=user.pk).values("group_id")
    subdistricts = grants.filter(role=Role.SUPERVISOR, level=SupervisionLevel.SUBDISTRICT)
    districts = grants.filter(role=Role.SUPERVISOR, level=SupervisionLevel.DISTRICT)
    return Community.objects.filter(
        Exists(city)
        | Q(editors_group_id__in=groups)
        | Q(moderators_group_id__in=groups)
        | Q(pk__in=grants.filter(role__in=COMMUNITY_ROLES).values("community_id"))
        | Q(subdistrict_id__in=subdistricts.values("subdistrict_id"))
        | Q(subdistrict__district_id__in=districts.values("district_id"))
    )


# --- personal information ---------------------------------------------------------------

PiAccessRule = Callable[[User, User], bool]
_PI_ACCESS_RULES: list[PiAccessRule] = []


def register_pi_access_rule(rule: PiAccessRule) -> PiAccessRule:
    """Add a reason a staff member may see someone's personal information.

    For roles defined by later apps, e.g. governance: the handler of an event may call its
    reporter back. ``rule(staff, subject)`` returns True to allow; it is asked only after the
    built-in rules said no, and never about the staff member's own data. Register it in the
    app's ``AppConfig.ready``; usable as a decorator.
    """
    if rule not in _PI_ACCESS_RULES:
        _PI_ACCESS_RULES.append(rule)
    return rule


def may_see_personal_information(staff: User | AnonymousUser | None, subject: User) -> bool:
    """Whether ``staff``'s role needs ``subject``'s unmasked personal information (个人信息).

    Yes for a superuser or city administrator; for an editor of a community where the
    subject has a pending or approved residency (the editor decides it); for a supervisor
    whose area contains such a community; and for any registered rule. Never for oneself:
    a person sees their own data on their own account pages, not through a staff view.
    """
    if not _active(staff) or subject is None or staff.pk == subject.pk:
        return False
    scope = staff_scope(staff)
    if scope.is_city_admin:
        return True
    if scope.edited_community_ids or scope.supervises:
        residencies = subject.residencies.filter(status__in=DECIDING_STATES)
        if not scope.city_wide:
            residencies = residencies.filter(
                Q(community_id__in=scope.edited_community_ids)
                | Q(community__subdistrict_id__in=scope.subdistrict_ids)
                | Q(community__subdistrict__district_id__in=scope.district_ids)
            )
        if residencies.exists():
            return True
    return any(rule(staff, subject) for rule in _PI_ACCESS_RULES)
