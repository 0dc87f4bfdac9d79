"""Who sees and who manages what in a community's forum and posts (访问规则), in one place.

The public sees published items; authors also see their own held or hidden ones (with the
reason); a community's editors and moderators, and city administrators, manage them.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts.models import User
from accounts.services.roles import staff_scope
from communities.models import Community
from forums.models import Visibility

__all__ = ["may_answer", "may_moderate", "posts_shown_q", "shown_q"]


def may_moderate(user: User | AnonymousUser | None, community: Community | None) -> bool:
    """A moderator or editor of ``community``, or a city administrator (no query after the
    first: the scope is cached on the user)."""
    if community is None:
        return False
    scope = staff_scope(user)
    return (
        scope.is_city_admin
        or community.pk in scope.moderated_community_ids
        or community.pk in scope.edited_community_ids
    )


def may_answer(user: User | AnonymousUser | None, community: Community | None) -> bool:
    """Who gives official replies (官方回复) and turns questions into events: the community's
    editors (社区工作站) and city administrators."""
    if community is None:
        return False
    scope = staff_scope(user)
    return scope.is_city_admin or community.pk in scope.edited_community_ids


def shown_q(user: User | AnonymousUser | None, prefix: str = "") -> Q:
    """Topics, replies or comments ``user`` sees on public pages: published ones, and their
    own whatever their state. ``prefix`` filters through a relation ("topic__")."""
    shown = Q(**{f"{prefix}visibility": Visibility.PUBLISHED})
    if user is not None and user.is_authenticated:
        shown |= Q(**{f"{prefix}author_id": user.pk})
    return shown


def posts_shown_q(user: User | AnonymousUser | None, community: Community) -> Q:
    """Posts (我有话说) ``user`` sees in ``community``'s column: published public ones, their
    own, and for the community's staff every post that is not hidden (private ones too)."""
    shown = Q(visibility=Visibility.PUBLISHED, is_public=True)
    if user is not None and user.is_authenticated:
        shown |= Q(author_id=user.pk)
        if may_moderate(user, community):
            shown |= Q(visibility=Visibility.PUBLISHED)
    return shown
