"""What a community's editors reach in the admin (管理范围): the one rule behind every screen
of a community's own things — forum boards, opinion polls, deliberations, elections.

Editors (members of a community's editors group) manage those of the communities they edit;
city administrators manage every community's; an object of another community is "not found".
Nobody deletes such a thing from these screens: its record (topics, answers, votes) would go
with it, so it is archived or unpublished instead.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Model, Q, QuerySet
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.models import Role, User
from accounts.services.roles import staff_scope
from communities.models import Community

__all__ = [
    "CommunityThingsViewSet",
    "EditedCommunityPermissionPolicy",
    "community_filter",
    "edited_communities",
    "edited_ids",
    "edits_community",
    "scope_to_edited",
]

Someone = User | AnonymousUser | None


def edited_ids(user: Someone) -> frozenset[int] | None:
    """Ids of the communities ``user`` edits; None for a city administrator (every one)."""
    scope = staff_scope(user)
    return None if scope.is_city_admin else scope.edited_community_ids


def edits_community(user: Someone, community_id: int) -> bool:
    """Whether ``user`` edits the community ``community_id`` (or is a city administrator)."""
    ids = edited_ids(user)
    return ids is None or community_id in ids


def edited_communities(user: Someone) -> QuerySet[Community]:
    """The communities ``user`` edits, by name: the choices of an admin form's community."""
    ids = edited_ids(user)
    communities = Community.objects.all() if ids is None else Community.objects.filter(pk__in=ids)
    return communities.order_by("name", "pk")


def community_filter():
    """The "Community" filter of an admin listing: the communities the user edits."""
    return django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=lambda request: edited_communities(request.user) if request else None,
    )


def scope_to_edited[M: Model](queryset: QuerySet[M], user: Someone) -> QuerySet[M]:
    """``queryset`` (of a model with a ``community``) narrowed to what ``user`` edits."""
    ids = edited_ids(user)
    return queryset if ids is None else queryset.filter(community_id__in=ids)


class EditedCommunityPermissionPolicy(BasePermissionPolicy):
    """Add, change and view (never delete) the objects of the communities one edits.

    ``scoped_queryset`` says which rows a user's listing shows; override it to add
    ``select_related``.
    """

    actions = frozenset({"add", "change", "view"})

    def scoped_queryset(self, user: Someone) -> QuerySet:
        return scope_to_edited(self.model._default_manager.select_related("community"), user)

    def user_has_permission(self, user, action: str) -> bool:
        if action not in self.actions:
            return False
        ids = edited_ids(user)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return action in self.actions and edits_community(user, instance.community_id)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(
            Q(is_superuser=True)
            | Q(groups__edited_community__isnull=False)
            | Q(role_grants__role=Role.CITY_ADMIN)
        ).distinct()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.actions.intersection(actions):
            return self.model._default_manager.none()
        return self.scoped_queryset(user)


class CommunityThingsViewSet(ModelViewSet):
    """The admin screens of a community's own things: list, add, edit and history; no delete,
    usage, copy or inspect view, and no model permissions of their own (the rights come from
    editing a community, through ``EditedCommunityPermissionPolicy``). A subclass adds its
    routes with ``extra_urlpatterns`` and may serve "edit" with a view of its own."""

    add_to_admin_menu = False  # each sits in its area's menu group
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    list_per_page = 50

    def get_permissions_to_register(self):
        return Permission.objects.none()

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"delete_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_edit_route_view(self):
        return self.edit_view

    def extra_urlpatterns(self) -> list:
        return []

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("edit/<int:pk>/", self.get_edit_route_view(), name="edit"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            *self.extra_urlpatterns(),
        ]
