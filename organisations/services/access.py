"""Who may do what with a social organisation (社会组织权限).

Organisation staff (社会组织工作人员, ``Role.ORGANISATION_STAFF``) act for their own
organisation only; civil-affairs reviewers (民政部门审核员, ``Role.CIVIL_AFFAIRS``) review and
publish disclosures city-wide; city administrators keep the registry. Superusers do all three.
Every screen and service asks these functions, never the roles themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.services.roles import staff_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from organisations.models import Organisation

__all__ = [
    "acted_for_organisations",
    "acting_organisation_ids",
    "acts_for",
    "keeps_registry",
    "manages_requirements",
    "may_publish",
    "require_acts_for",
    "require_reviewer",
    "reviews_disclosures",
]


def _organisation_id(organisation: Organisation | int) -> int:
    return organisation if isinstance(organisation, int) else organisation.pk


def acting_organisation_ids(user: User | AnonymousUser | None) -> frozenset[int] | None:
    """Ids of the organisations ``user`` acts for; None for a superuser (every one)."""
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return None
    return staff_scope(user).organisation_ids


def acts_for(user: User | AnonymousUser | None, organisation: Organisation | int) -> bool:
    """Whether ``user`` acts for ``organisation``: one of its staff, or a superuser."""
    ids = acting_organisation_ids(user)
    return ids is None or _organisation_id(organisation) in ids


def acted_for_organisations(user: User | AnonymousUser | None) -> QuerySet[Organisation]:
    """The organisations ``user`` acts for, by name (every one for a superuser)."""
    from organisations.models import Organisation

    ids = acting_organisation_ids(user)
    found = Organisation.objects.all() if ids is None else Organisation.objects.filter(pk__in=ids)
    return found.order_by("name", "pk")


def require_acts_for(user: User | AnonymousUser | None, organisation: Organisation | int) -> None:
    """``PermissionDenied`` unless ``user`` acts for ``organisation``."""
    if not acts_for(user, organisation):
        raise PermissionDenied(_("Only the organisation's own staff may do this."))


def reviews_disclosures(user: User | AnonymousUser | None) -> bool:
    """A civil-affairs reviewer (民政部门审核员) or a superuser: reviews disclosures city-wide."""
    return staff_scope(user).reviews_disclosures


def require_reviewer(user: User | AnonymousUser | None) -> None:
    if not reviews_disclosures(user):
        raise PermissionDenied(_("Only a civil-affairs reviewer may do this."))


def may_publish(user: User | AnonymousUser | None, organisation: Organisation | int) -> bool:
    """A reviewer who is not one of the organisation's own staff: nobody approves their own
    organisation's disclosure, even when they also hold the reviewer role."""
    return reviews_disclosures(user) and (
        _organisation_id(organisation) not in staff_scope(user).organisation_ids
    )


def keeps_registry(user: User | AnonymousUser | None) -> bool:
    """A city administrator (or superuser): registers organisations (社会组织登记)."""
    return staff_scope(user).is_city_admin


def manages_requirements(user: User | AnonymousUser | None) -> bool:
    """Reviewers and city administrators set the required periodic disclosures."""
    scope = staff_scope(user)
    return scope.reviews_disclosures or scope.is_city_admin
