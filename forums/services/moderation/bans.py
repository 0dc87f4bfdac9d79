"""Posting bans (禁言): a moderator stops a user from posting in one community for a while,
with a reason the user reads when they try."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from forums.models import PostingBan
from forums.services.access import may_moderate
from forums.services.errors import ForumError, NotAllowed
from forums.services.guard import active_ban

from .audit import record
from .notices import require_moderator

__all__ = ["MAX_BAN_DAYS", "active_bans", "ban_user", "lift_ban"]

MAX_BAN_DAYS = 3650
REASON_MAX_LENGTH = 200


def _ends_at(days: int | None, ends_at: datetime | None, now: datetime) -> datetime:
    if (days is None) == (ends_at is None):
        raise ForumError(_("Say for how many days, or until when."), code="period")
    if days is not None:
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_BAN_DAYS:
            raise ForumError(
                _("A ban lasts from 1 to %(max)d days.") % {"max": MAX_BAN_DAYS}, code="period"
            )
        return now + timedelta(days=days)
    if timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at)
    if ends_at <= now:
        raise ForumError(_("The end of the ban must be in the future."), code="period")
    if ends_at > now + timedelta(days=MAX_BAN_DAYS):
        raise ForumError(
            _("A ban lasts from 1 to %(max)d days.") % {"max": MAX_BAN_DAYS}, code="period"
        )
    return ends_at


def ban_user(
    moderator: User,
    community: Community,
    user: User,
    *,
    days: int | None = None,
    ends_at: datetime | None = None,
    reason: str,
    now: datetime | None = None,
) -> PostingBan:
    """Ban ``user`` from posting in ``community`` (禁言) for ``days`` or until ``ends_at``.

    The reason is required (the user reads it when they try to post). Nobody bans themself;
    only a city administrator bans one of the community's staff. A user already banned there
    keeps the ban in force: lift it first to change it.
    """
    require_moderator(moderator, community)
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ForumError(_("Give the reason for the ban: the user reads it."), code="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ForumError(
            _("Keep the reason under %(count)d characters.") % {"count": REASON_MAX_LENGTH},
            code="reason",
        )
    until = _ends_at(days, ends_at, now)
    if user.pk == moderator.pk:
        raise NotAllowed(_("You cannot ban yourself."), code="self")
    if may_moderate(user, community) and not _city(moderator):
        raise NotAllowed(
            _("%(name)s is on the staff of this community: only a city administrator can ban them.")
            % {"name": user.public_name},
            code="staff",
        )
    with transaction.atomic():
        # The user's row, locked: two moderators cannot ban the same person at once.
        User.objects.select_for_update().filter(pk=user.pk).first()
        current = active_ban(user, community, now)
        if current is not None:
            raise ForumError(
                _("%(name)s is already banned here until %(until)s. Lift that ban to change it.")
                % {"name": user.public_name, "until": _when(current.ends_at)},
                code="already_banned",
            )
        ban = PostingBan.objects.create(
            community=community,
            user=user,
            reason=reason,
            starts_at=now,
            ends_at=until,
            created_by=moderator,
        )
        record(ban, "jiayuan.forum_ban", moderator, user_id=user.pk, community=community.pk,
               reason=reason, until=until.isoformat())  # fmt: skip
    return ban


def _city(user: User) -> bool:
    from accounts.services.roles import is_city_admin

    return is_city_admin(user)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def lift_ban(moderator: User, ban: PostingBan, now: datetime | None = None) -> PostingBan:
    """Lift (解除禁言) a ban in force before its end."""
    require_moderator(moderator, ban.community)
    now = now or timezone.now()
    with transaction.atomic():
        locked = PostingBan.objects.select_for_update().get(pk=ban.pk)
        if locked.lifted_at is not None or locked.ends_at <= now:
            raise ForumError(_("This ban is no longer in force."), code="not_active")
        locked.lifted_at, locked.lifted_by = now, moderator
        locked.save(update_fields=["lifted_at", "lifted_by"])
        record(locked, "jiayuan.forum_lift_ban", moderator, user_id=locked.user_id,
               community=locked.community_id)  # fmt: skip
    ban.lifted_at, ban.lifted_by = locked.lifted_at, locked.lifted_by
    return ban


def active_bans(community_ids: frozenset[int] | None, now: datetime | None = None) -> QuerySet:
    """Bans in force in the given communities (None: all), the soonest to end first."""
    now = now or timezone.now()
    bans = PostingBan.objects.filter(lifted_at__isnull=True, ends_at__gt=now)
    if community_ids is not None:
        bans = bans.filter(community_id__in=community_ids)
    return bans.select_related("community", "user", "created_by").order_by("ends_at", "pk")
