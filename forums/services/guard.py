"""The checks every new topic, reply, post and comment goes through, in one place (发帖校验):
who may post (the community's participation rule), posting bans, rate limits, identical
repeats, and banned words (which hold the text for a moderator instead of refusing it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services.eligibility import check_participation
from communities.models import Community, CommunitySettings
from forums.models import BannedWord, PostingBan
from portal.ratelimit import consume

from .errors import DuplicatePost, NotAllowed, RateLimited

__all__ = [
    "Refusal",
    "active_ban",
    "banned_word_in",
    "check_may_post",
    "check_rate",
    "forget_banned_words",
    "posting_refusal",
    "refuse_duplicate",
]

_WORDS_KEY = "forums:banned-words"
_WORDS_SECONDS = 60  # a new banned word applies within a minute on every process


def active_ban(user: User, community: Community, now: datetime | None = None) -> PostingBan | None:
    """The posting ban (禁言) in force for ``user`` in ``community``, if any."""
    now = now or timezone.now()
    return (
        PostingBan.objects.filter(
            user=user,
            community=community,
            lifted_at__isnull=True,
            starts_at__lte=now,
            ends_at__gt=now,
        )
        .order_by("-ends_at")
        .first()
    )


def check_rate(action: str, user: User, ip: str = "") -> None:
    """Count one ``action`` ("post" or "report"); ``RateLimited`` when over the limit."""
    wait = consume(action, user_id=user.pk, ip=ip)
    if wait:
        minutes = max(1, round(wait / 60))
        raise RateLimited(
            _("You are doing that too often. Please wait about %(minutes)d minute(s).")
            % {"minutes": minutes},
            retry_after=wait,
        )


@dataclass(frozen=True)
class Refusal:
    """Why a visitor cannot post here: a stable ``code`` ("anonymous", "resident_only",
    "banned", "archived", "locked", "unpublished", ...) and the ``reason`` to show."""

    code: str
    reason: str


def posting_refusal(
    user: User,
    community: Community,
    *,
    site_settings: CommunitySettings | None = None,
    now: datetime | None = None,
) -> Refusal | None:
    """Why ``user`` may not post in ``community`` now (not eligible, or banned), or None.

    Counts no rate-limit attempt: pages ask it to offer the form or say why not, and
    ``check_may_post`` asks it before counting one.
    """
    eligibility = check_participation(user, community, "post", site_settings=site_settings)
    if not eligibility:
        return Refusal(eligibility.code, eligibility.reason)
    ban = active_ban(user, community, now)
    if ban is not None:
        until = formats.date_format(timezone.localtime(ban.ends_at), "Y-m-d H:i")
        return Refusal(
            "banned",
            _("You may not post in %(community)s until %(until)s. Reason: %(reason)s")
            % {"community": community.name, "until": until, "reason": ban.reason},
        )
    return None


def check_may_post(
    user: User, community: Community, *, ip: str = "", now: datetime | None = None
) -> None:
    """Raise ``NotAllowed`` or ``RateLimited`` unless ``user`` may post in ``community`` now.

    Eligibility first (signed in, and a verified resident where the site asks for one), then
    a ban, then the rate limit, which counts this attempt.
    """
    refusal = posting_refusal(user, community, now=now)
    if refusal is not None:
        raise NotAllowed(refusal.reason, code=refusal.code)
    check_rate("post", user, ip)


def refuse_duplicate(
    queryset: models.QuerySet, author: User, now: datetime | None = None, **same: str
) -> None:
    """``DuplicatePost`` if ``author`` posted an item with exactly these fields (``body=...``,
    ``title=...``) in ``queryset`` within ``FORUMS_DUPLICATE_SECONDS``."""
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.FORUMS_DUPLICATE_SECONDS)
    if queryset.filter(author=author, created_at__gte=since, **same).exists():
        raise DuplicatePost(
            _("You posted exactly the same text a moment ago; it is not posted twice."),
            code="duplicate",
        )


def _banned_words() -> list[str]:
    words = cache.get(_WORDS_KEY)
    if words is None:
        words = [w.lower() for w in BannedWord.objects.values_list("phrase", flat=True)]
        cache.set(_WORDS_KEY, words, _WORDS_SECONDS)
    return words


def forget_banned_words() -> None:
    """Drop the cached list (after the list is edited), so this process applies it at once."""
    cache.delete(_WORDS_KEY)


def banned_word_in(*texts: Iterable[str] | str) -> str:
    """The first banned word or phrase found in ``texts`` (case-insensitive), or ""."""
    haystack = " ".join(str(t) for t in texts if t).lower()
    if not haystack:
        return ""
    return next((word for word in _banned_words() if word and word in haystack), "")
