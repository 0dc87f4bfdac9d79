"""Residents' reports (举报): one per person and item; enough of them hide the item until a
moderator decides (自动隐藏)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Flag, FlagReason, ModeratedContent, Visibility
from forums.services.errors import ForumError, NotAllowed
from forums.services.guard import check_rate

from .audit import record
from .items import (
    Item,
    author_of,
    community_of,
    kind_label,
    kind_of,
    lock_item,
    set_visibility,
    title_of,
    visibility_of,
)
from .notices import notify_moderators, queue_path

__all__ = ["DETAIL_MAX_LENGTH", "already_reported", "flag_item", "open_flags", "resolve_flags"]

DETAIL_MAX_LENGTH = 200


def _target(item: Item) -> dict:
    return {"content_type": ContentType.objects.get_for_model(type(item)), "object_id": item.pk}


def open_flags(item: Item) -> QuerySet[Flag]:
    """The reports about ``item`` no moderator has decided about yet."""
    return Flag.objects.filter(**_target(item), resolved_at__isnull=True)


def already_reported(reporter: User, item: Item) -> Flag | None:
    """``reporter``'s report of ``item``, if they made one (decided or not)."""
    if not reporter.is_authenticated:
        return None
    return Flag.objects.filter(**_target(item), reporter=reporter).first()


def resolve_flags(item: Item) -> int:
    """Mark the open reports about ``item`` decided (a moderator acted); returns how many.
    Later reports count afresh."""
    return open_flags(item).update(resolved_at=timezone.now())


def _duplicate() -> ForumError:
    return ForumError(
        _("You have already reported this. Thank you: a moderator will look at it."),
        code="already_reported",
    )


def _check(reporter: User, item: Item, reason: str, detail: str) -> None:
    if reporter is None or not reporter.is_authenticated or not reporter.is_active:
        raise NotAllowed(_("Sign in to report something."), code="login")
    if reason not in FlagReason.values:
        raise ForumError(_("Choose why you are reporting it."), code="reason")
    if len(detail) > DETAIL_MAX_LENGTH:
        raise ForumError(
            _("Keep the details under %(count)d characters.") % {"count": DETAIL_MAX_LENGTH},
            code="detail",
        )
    author = author_of(item)
    if author is not None and author.pk == reporter.pk:
        raise NotAllowed(_("You cannot report what you wrote yourself."), code="own")
    if visibility_of(item) != Visibility.PUBLISHED:
        raise ForumError(
            _("This is not shown to the public at the moment; a moderator already decides."),
            code="not_published",
        )
    if already_reported(reporter, item) is not None:
        raise _duplicate()


def flag_item(reporter: User, item: Item, reason: str, detail: str = "", ip: str = "") -> Flag:
    """Report (举报) a topic, reply, post or comment; returns the report.

    Refuses (``ForumError``, ``NotAllowed``, ``RateLimited``) a reporter who is not signed
    in, their own item, a second report by the same person, an item already hidden, and too
    many reports in a short time. When the open reports from distinct people reach
    ``FORUMS_FLAGS_TO_HIDE``, the item is hidden (``FLAGGED``) until a moderator decides, and
    the community's moderators are told. ``item`` is updated in place.
    """
    detail = (detail or "").strip()
    _check(reporter, item, reason, detail)
    check_rate("report", reporter, ip)
    community = community_of(item)
    with transaction.atomic():
        locked = lock_item(item)
        if visibility_of(locked) != Visibility.PUBLISHED:  # hidden meanwhile by others
            raise ForumError(
                _("This has just been hidden; a moderator will decide about it."),
                code="not_published",
            )
        try:
            with transaction.atomic():  # a savepoint: a concurrent double report is refused
                flag = Flag.objects.create(
                    community=community,
                    **_target(item),
                    reporter=reporter,
                    reason=reason,
                    detail=detail,
                    created_at=timezone.now(),
                )
        except IntegrityError:
            raise _duplicate() from None
        count = open_flags(item).count()
        hide = count >= settings.FORUMS_FLAGS_TO_HIDE
        record(locked, "jiayuan.forum_report", reporter, kind=kind_of(item), reason=reason)
        if hide:
            note = _("Hidden after several reports until a moderator has looked at it.")
            set_visibility(locked, Visibility.FLAGGED, note, flag_count=count)
            record(locked, "jiayuan.forum_auto_hide", None, kind=kind_of(item), reports=count)
            notify_moderators(
                community,
                _("Hidden after %(count)d reports: %(title)s")
                % {"count": count, "title": title_of(locked)},
                _("A %(kind)s in %(community)s is hidden until you decide about it.")
                % {"kind": kind_label(kind_of(item)), "community": community.name},
                queue_path(kind_of(item), item.pk),
            )
        elif isinstance(locked, ModeratedContent):
            locked.flag_count = min(count, 32767)
            locked.save(update_fields=["flag_count"])
    _copy_state(locked, item)
    return flag


def _copy_state(source: Item, target: Item) -> None:
    if isinstance(target, ModeratedContent):
        target.visibility = source.visibility
        target.moderation_note = source.moderation_note
        target.flag_count = source.flag_count
    elif source is not target:  # a comment keeps its state where the comments part says
        target.refresh_from_db()
