"""Staff roles (角色): granting and revoking them, and what each staff user may reach.

Rights come from two places that this package keeps in step:
- a ``RoleGrant`` row per role and scope (the record of who was given what, by whom);
- the Django groups that actually carry permissions: a community's editors and moderators
  groups (page, collection and site-setting rights on that community only, see
  ``communities.services.permissions``), "City administrators" and "Staff" (admin access).

Later issues (governance, organisations, polls) must not work out a staff user's reach
themselves: they filter through ``staff_scope`` (ids of what the user is tied to) and
``communities_in_scope`` (a lazy queryset, usable as a subquery), and they extend who may see
personal information with ``register_pi_access_rule``.
"""

from .grants import (
    CITY_ADMIN_PERMISSIONS,
    CITY_ADMINS_GROUP,
    STAFF_GROUP,
    city_admins_group,
    grant_role,
    revoke_role,
    staff_group,
)
from .scope import (
    ROLE_GRANT_ACTION,
    ROLE_REVOKE_ACTION,
    StaffScope,
    communities_in_scope,
    is_city_admin,
    may_see_personal_information,
    register_pi_access_rule,
    staff_scope,
)

__all__ = [
    "CITY_ADMINS_GROUP",
    "CITY_ADMIN_PERMISSIONS",
    "ROLE_GRANT_ACTION",
    "ROLE_REVOKE_ACTION",
    "STAFF_GROUP",
    "StaffScope",
    "city_admins_group",
    "communities_in_scope",
    "grant_role",
    "is_city_admin",
    "may_see_personal_information",
    "register_pi_access_rule",
    "revoke_role",
    "staff_group",
    "staff_scope",
]
