"""Who reaches which screen of the one-stop services' admin (一站式服务管理).

City administrators (and superusers) keep the catalogue: categories and city items. A
community's editors keep its local items and its service points, and never see a city item
or another community's things. One model (``ServiceItem``) serves both the city's items and
the local ones, so its registered policy is the union, and each of its two screens uses a
narrower policy of its own (``CITY_ITEM_POLICY``, ``LOCAL_ITEM_POLICY``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.models import Role
from accounts.services.roles import is_city_admin
from communities.admin_scope import EditedCommunityPermissionPolicy
from services_directory.models import ServiceCategory, ServiceItem, ServicePoint

__all__ = [
    "CATEGORY_POLICY",
    "CITY_ITEM_POLICY",
    "LOCAL_ITEM_POLICY",
    "SERVICE_ITEM_POLICY",
    "SERVICE_POINT_POLICY",
    "CategoryPermissionPolicy",
    "CityItemPermissionPolicy",
    "LocalItemPermissionPolicy",
    "ServiceItemPermissionPolicy",
    "ServicePointPermissionPolicy",
]


class CityCataloguePolicy(BasePermissionPolicy):
    """City administrators (and superusers) only, whatever their model permissions."""

    actions = frozenset({"add", "change", "view"})

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and is_city_admin(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(role_grants__role=Role.CITY_ADMIN)).distinct()

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if not self.actions.intersection(actions) or not is_city_admin(user):
            return self.model._default_manager.none()
        return self.model._default_manager.all()


class CategoryPermissionPolicy(CityCataloguePolicy):
    """Categories: city administrators add, change and delete, but never one with items."""

    actions = frozenset({"add", "change", "view", "delete"})

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        if action == "delete" and instance.items.exists():
            return False
        return self.user_has_permission(user, action)


class CityItemPermissionPolicy(CityCataloguePolicy):
    """The city items' screen: city administrators; no delete (withdraw an item instead)."""

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return instance.community_id is None and self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        return (
            super()
            .instances_user_has_any_permission_for(user, actions)
            .filter(community__isnull=True)
        )


class ServiceItemPermissionPolicy(EditedCommunityPermissionPolicy):
    """Any item: a city item for city administrators, a local one for its community's
    editors (``edits_community`` of no community is true for city administrators only)."""


class LocalItemPermissionPolicy(EditedCommunityPermissionPolicy):
    """The local items' screen: those of the communities one edits, never a city item."""

    def scoped_queryset(self, user) -> QuerySet:
        return super().scoped_queryset(user).filter(community__isnull=False)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return instance.community_id is not None and super().user_has_permission_for_instance(
            user, action, instance
        )


class ServicePointPermissionPolicy(EditedCommunityPermissionPolicy):
    """A community's service points: its editors and city administrators; nobody deletes
    one (close it instead: ``is_active``)."""

    def scoped_queryset(self, user) -> QuerySet:
        return super().scoped_queryset(user).select_related("operator")


CATEGORY_POLICY = CategoryPermissionPolicy(ServiceCategory)
SERVICE_ITEM_POLICY = ServiceItemPermissionPolicy(ServiceItem)
CITY_ITEM_POLICY = CityItemPermissionPolicy(ServiceItem)
LOCAL_ITEM_POLICY = LocalItemPermissionPolicy(ServiceItem)
SERVICE_POINT_POLICY = ServicePointPermissionPolicy(ServicePoint)
