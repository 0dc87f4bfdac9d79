"""Which communities a staff user works on in the forums' admin screens (管理范围)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import User
from accounts.services.roles import staff_scope
from communities.admin_scope import edited_ids
from communities.models import Community

__all__ = [
    "edited_ids",
    "may_manage_boards",
    "may_moderate_somewhere",
    "moderated_ids",
    "scoped_communities",
]

Someone = User | AnonymousUser | None


def moderated_ids(user: Someone) -> frozenset[int] | None:
    """Ids of the communities ``user`` moderates or edits; None for a city administrator
    (every community)."""
    scope = staff_scope(user)
    if scope.is_city_admin:
        return None
    return scope.moderated_community_ids | scope.edited_community_ids


def may_moderate_somewhere(user: Someone) -> bool:
    ids = moderated_ids(user)
    return ids is None or bool(ids)


def may_manage_boards(user: Someone) -> bool:
    ids = edited_ids(user)
    return ids is None or bool(ids)


def scoped_communities(ids: frozenset[int] | None) -> QuerySet[Community]:
    communities = Community.objects.all() if ids is None else Community.objects.filter(pk__in=ids)
    return communities.order_by("name", "pk")
