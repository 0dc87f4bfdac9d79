"""Granting and revoking staff roles, and the groups that carry their rights."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import Role, RoleGrant, User
from communities.models import Community

from .scope import (
    COMMUNITY_ROLES,
    ROLE_GRANT_ACTION,
    ROLE_REVOKE_ACTION,
    is_city_admin,
)

# --- the groups that carry the rights -------------------------------------------------------

CITY_ADMINS_GROUP = "City administrators"
STAFF_GROUP = "Staff"
# What a city administrator does in the admin without being a superuser: provision
# communities and read the hierarchy, grant staff roles, keep the registries roles point at.
# Later issues (taxonomy, dashboards) add theirs here; the group picks them up on next grant.
CITY_ADMIN_PERMISSIONS: list[tuple[str, str]] = [
    ("wagtailadmin", "access_admin"),
    ("accounts", "add_rolegrant"),
    ("accounts", "view_rolegrant"),
    ("accounts", "delete_rolegrant"),
    ("communities", "add_community"),
    ("communities", "view_community"),
    ("communities", "view_district"),
    ("communities", "view_subdistrict"),
    ("communities", "view_grid"),
    ("governance", "add_department"),
    ("governance", "change_department"),
    ("governance", "view_department"),
    ("governance", "add_category"),
    ("governance", "change_category"),
    ("governance", "view_category"),
    ("governance", "add_workingdayoverride"),
    ("governance", "change_workingdayoverride"),
    ("governance", "delete_workingdayoverride"),
    ("governance", "view_workingdayoverride"),
    ("organisations", "add_organisation"),
    ("organisations", "change_organisation"),
    ("organisations", "view_organisation"),
]
# Wagtail shows an audit log entry to whoever holds any permission on its model. Reveals,
# exports and deletions are logged against the user model, and no city administrator should
# get Wagtail's user editor just to read them: this permission (User.Meta) says "may read them".
PI_AUDIT_PERMISSION = ("accounts", "audit_personal_information")


def _ensure_group(name: str, wanted: list[tuple[str, str]]) -> Group:
    """The group ``name`` holding at least these permissions (created on first use)."""
    group, _created = Group.objects.get_or_create(name=name)
    lookup = Q()
    for app_label, codename in wanted:
        lookup |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(lookup))
    held = set(group.permissions.values_list("pk", flat=True))
    missing = [p for p in permissions if p.pk not in held]
    if missing:
        group.permissions.add(*missing)
    return group


def city_admins_group() -> Group:
    return _ensure_group(CITY_ADMINS_GROUP, [*CITY_ADMIN_PERMISSIONS, PI_AUDIT_PERMISSION])


def staff_group() -> Group:
    return _ensure_group(STAFF_GROUP, [("wagtailadmin", "access_admin")])


# --- granting and revoking ------------------------------------------------------------------


def _require_city_admin(actor: User | AnonymousUser | None) -> None:
    if not is_city_admin(actor):
        raise PermissionDenied(_("Only a city administrator may grant or revoke staff roles."))


def _forget_scope(*users: User) -> None:
    # Other apps cache their own view of the grants the same way (governance's work scope).
    for user in users:
        for name in [key for key in user.__dict__ if key.startswith("_jiayuan_")]:
            del user.__dict__[name]


def _group_for(grant: RoleGrant) -> Group | None:
    """The group that carries the rights of ``grant``'s role (None: community unprovisioned)."""
    if grant.role in COMMUNITY_ROLES:
        return getattr(grant.community, COMMUNITY_ROLES[grant.role])
    if grant.role == Role.CITY_ADMIN:
        return city_admins_group()
    return staff_group()


def _same_group(a: RoleGrant, b_role: str, b_community: int | None) -> bool:
    if a.role in COMMUNITY_ROLES or b_role in COMMUNITY_ROLES:
        return a.role == b_role and a.community_id == b_community
    return (a.role == Role.CITY_ADMIN) == (b_role == Role.CITY_ADMIN)


@transaction.atomic
def grant_role(
    actor: User,
    user: User,
    role: str,
    *,
    community: Community | None = None,
    organisation=None,
    department=None,
    level: str = "",
    subdistrict=None,
    district=None,
    grid=None,
) -> RoleGrant:
    """Give ``user`` a staff role in one scope (授予角色); returns the grant.

    Only a city administrator may do it (PermissionDenied otherwise). A scope that does not
    fit the role raises ValidationError naming the field. Granting a role the user already
    holds returns the existing grant and changes nothing.
    """
    _require_city_admin(actor)
    # Locks the user's row: two concurrent grants to one person cannot both pass the
    # duplicate check, and the group changes below apply to a row nobody else is changing.
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.is_active:
        raise ValidationError({"user": _("This account is deleted or disabled.")})
    scope = {
        "community": community,
        "organisation": organisation,
        "department": department,
        "subdistrict": subdistrict,
        "district": district,
        "grid": grid,
    }
    grant = RoleGrant(user=locked, role=role, level=level or "", granted_by=actor, **scope)
    grant.full_clean(exclude=["granted_by"])
    existing = RoleGrant.objects.filter(user=locked, role=role, level=grant.level, **scope).first()
    if existing is not None:
        return existing
    group = _group_for(grant)
    if group is None:
        raise ValidationError(
            {"community": _("This community is not fully provisioned: it has no staff groups.")}
        )
    grant.save()
    locked.groups.add(group)
    if not locked.is_staff:
        locked.is_staff = True
        locked.save(update_fields=["is_staff"])
    user.is_staff = True
    log(
        instance=grant,
        action=ROLE_GRANT_ACTION,
        user=actor,
        data={"user_id": locked.pk, "role": role, "scope": grant.scope_label},
    )
    _forget_scope(user, locked)
    return grant


@transaction.atomic
def revoke_role(actor: User, grant: RoleGrant) -> None:
    """Take a staff role away (撤销角色), with the group rights it gave.

    A group stays when another of the user's grants still needs it (a second staff role
    keeps the "Staff" group). ``is_staff`` goes when no grant is left, except for superusers.
    """
    _require_city_admin(actor)
    user = User.objects.select_for_update().get(pk=grant.user_id)
    log(
        instance=grant,
        action=ROLE_REVOKE_ACTION,
        user=actor,
        data={"user_id": user.pk, "role": grant.role, "scope": grant.scope_label},
    )
    group = _group_for(grant)
    grant.delete()
    remaining = list(RoleGrant.objects.filter(user=user).values_list("role", "community_id"))
    if group is not None and not any(_same_group(grant, r, c) for r, c in remaining):
        user.groups.remove(group)
    if not remaining and user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    _forget_scope(user, actor, *filter(None, [grant._state.fields_cache.get("user")]))
