"""Who reaches the organisations' admin screens: permission policies without model permissions.

- Disclosures: an organisation's staff add, change and view their own organisation's; a
  civil-affairs reviewer views every one (reviewing happens on its own screens). Nobody
  deletes a disclosure: it is the organisation's public record.
- Required disclosures: reviewers and city administrators add, change and view; nobody
  deletes one (disclosures point at it): it is taken out of force instead.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.models import Role
from organisations.models import Disclosure, DisclosureRequirement
from organisations.services.access import (
    acting_organisation_ids,
    acts_for,
    manages_requirements,
    reviews_disclosures,
)

__all__ = [
    "DisclosurePermissionPolicy",
    "RequirementPermissionPolicy",
    "acts_for_any",
    "staff_disclosures",
]

EDIT_ACTIONS = frozenset({"add", "change"})


def acts_for_any(user) -> bool:
    """Whether ``user`` acts for at least one organisation (a superuser for all)."""
    ids = acting_organisation_ids(user)
    return ids is None or bool(ids)


def staff_disclosures(user) -> QuerySet[Disclosure]:
    """The disclosures of the organisations ``user`` acts for."""
    found = Disclosure.objects.select_related("organisation", "requirement")
    ids = acting_organisation_ids(user)
    return found if ids is None else found.filter(organisation_id__in=ids)


def _active_users():
    return get_user_model().objects.filter(is_active=True)


class DisclosurePermissionPolicy(BasePermissionPolicy):
    actions = frozenset({"add", "change", "view"})

    def user_has_permission(self, user, action: str) -> bool:
        if action in EDIT_ACTIONS:
            return acts_for_any(user)
        return action == "view" and (acts_for_any(user) or reviews_disclosures(user))

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        if action in EDIT_ACTIONS:
            return acts_for(user, instance.organisation_id)
        return action == "view" and (
            acts_for(user, instance.organisation_id) or reviews_disclosures(user)
        )

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return _active_users().none()
        roles = [Role.ORGANISATION_STAFF]
        if "view" in actions:
            roles.append(Role.CIVIL_AFFAIRS)
        return (
            _active_users().filter(Q(is_superuser=True) | Q(role_grants__role__in=roles)).distinct()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.actions.intersection(actions):
            return Disclosure.objects.none()
        if "view" in actions and reviews_disclosures(user):
            return Disclosure.objects.all()
        return staff_disclosures(user)


class RequirementPermissionPolicy(BasePermissionPolicy):
    actions = frozenset({"add", "change", "view"})

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and manages_requirements(user)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return _active_users().none()
        return (
            _active_users()
            .filter(
                Q(is_superuser=True)
                | Q(role_grants__role__in=[Role.CIVIL_AFFAIRS, Role.CITY_ADMIN])
            )
            .distinct()
        )


DISCLOSURE_POLICY = DisclosurePermissionPolicy(Disclosure)
REQUIREMENT_POLICY = RequirementPermissionPolicy(DisclosureRequirement)
# Before anything asks for the policies (Wagtail would make fallback ones).
register_permission_policy(Disclosure, DISCLOSURE_POLICY, exact_class=True)
register_permission_policy(DisclosureRequirement, REQUIREMENT_POLICY, exact_class=True)
