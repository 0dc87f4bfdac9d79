"""Who moderates a community, and how they hear about work (审核通知)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from forums.services.access import may_moderate
from forums.services.errors import NotAllowed
from notifications.services import notify

__all__ = ["MODERATION_KIND", "moderators_of", "notify_moderators", "require_moderator"]

# Registered in forums/hooks/moderation.py: staff only, nobody else is ever sent one.
MODERATION_KIND = "moderation"


def require_moderator(user: User | None, community: Community) -> None:
    """``NotAllowed`` unless ``user`` moderates ``community`` (版主, 社区编辑, 市级管理员)."""
    if not may_moderate(user, community):
        raise NotAllowed(
            _("Only the moderators of %(community)s can do this.") % {"community": community.name},
            code="not_moderator",
        )


def moderators_of(community: Community) -> QuerySet[User]:
    """The community's moderators and editors (its groups), active accounts only."""
    groups = [g for g in (community.moderators_group_id, community.editors_group_id) if g]
    return (
        User.objects.filter(Q(groups__in=groups), is_active=True, deleted_at__isnull=True)
        .distinct()
        .order_by("pk")
    )


def queue_path(kind: str = "", pk: int | None = None) -> str:
    """The admin's moderation queue (or one item's page in it), as a site-relative path."""
    try:
        if kind and pk is not None:
            return reverse("forums_moderation:item", args=[kind, pk])
        return reverse("forums_moderation:queue")
    except NoReverseMatch:  # the admin's URLs are registered by its hook
        return ""


def notify_moderators(community: Community, title: str, body: str = "", url: str = "") -> int:
    """Tell the community's moderators (in the inbox and by email); returns how many."""
    told = 0
    for user in moderators_of(community):
        if notify(user, MODERATION_KIND, title, body, url) is not None:
            told += 1
    return told
