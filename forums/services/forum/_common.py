"""What topics and replies share: field checks, the edit window (编辑时限), the held note."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Reply, Topic

from ..errors import NotAllowed
from ..guard import active_ban

__all__ = [
    "BODY_MAX",
    "TITLE_MAX",
    "check_may_edit",
    "clean_body",
    "clean_title_and_body",
    "edit_deadline",
    "held_note",
    "may_edit",
]

TITLE_MAX = 120
BODY_MAX = 10000


def _body_errors(body: str) -> list[str]:
    if not body:
        return [_("Write something first.")]
    if len(body) > BODY_MAX:
        return [
            _("Keep the text to %(max)d characters (it has %(count)d).")
            % {"max": BODY_MAX, "count": len(body)}
        ]
    return []


def _title_errors(title: str) -> list[str]:
    if not title:
        return [_("Give the topic a title.")]
    if len(title) > TITLE_MAX:
        return [
            _("Keep the title to %(max)d characters (it has %(count)d).")
            % {"max": TITLE_MAX, "count": len(title)}
        ]
    return []


def clean_body(body: str | None) -> str:
    """The stripped text of a reply; ``ValidationError({"body": ...})`` when empty or long."""
    body = (body or "").strip()
    if errors := _body_errors(body):
        raise ValidationError({"body": errors})
    return body


def clean_title_and_body(title: str | None, body: str | None) -> tuple[str, str]:
    """Stripped ``(title, body)`` of a topic; one ``ValidationError`` dict naming every bad
    field, so the form shows all problems at once."""
    title, body = (title or "").strip(), (body or "").strip()
    errors = {
        name: found
        for name, found in (("title", _title_errors(title)), ("body", _body_errors(body)))
        if found
    }
    if errors:
        raise ValidationError(errors)
    return title, body


def held_note() -> str:
    """What the author reads on an item a banned word held (敏感词待审). It does not name the
    word: the list is not published, or it would teach how to get around it."""
    return _(
        "Waiting for a moderator: it contains a word or phrase on the forum's review list. "
        "Others will see it once a moderator has approved it."
    )


def edit_deadline(item: Topic | Reply) -> datetime:
    """Until when the author may still edit ``item``: ``FORUMS_EDIT_MINUTES`` after posting."""
    return item.created_at + timedelta(minutes=settings.FORUMS_EDIT_MINUTES)


def may_edit(user: User | None, item: Topic | Reply, now: datetime | None = None) -> bool:
    """Whether to offer ``user`` an "Edit" link on ``item`` (no query)."""
    return (
        user is not None
        and user.is_authenticated
        and item.author_id == user.pk
        and (now or timezone.now()) <= edit_deadline(item)
    )


def check_may_edit(user: User, item: Topic | Reply, board_archived: bool, now: datetime) -> None:
    """``NotAllowed`` unless ``user`` wrote ``item``, the edit window is open, the board is
    not archived and no posting ban (禁言) is in force."""
    if not user.is_authenticated or item.author_id != user.pk:
        raise NotAllowed(_("Only the author can edit this."), code="not_author")
    if now > edit_deadline(item):
        raise NotAllowed(
            _(
                "Posts can be edited for %(minutes)d minutes after posting; that time is over. "
                "Write a reply instead if you want to add something."
            )
            % {"minutes": settings.FORUMS_EDIT_MINUTES},
            code="edit_window",
        )
    if board_archived:
        raise NotAllowed(_("This board is archived: nothing in it can change."), code="archived")
    if active_ban(user, item.community, now) is not None:
        raise NotAllowed(_("You may not post or edit here at the moment."), code="banned")
