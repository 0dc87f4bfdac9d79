"""A moderator's decisions (审核处理): hide, publish (approve or unhide), and the topic's
lock, pin and board. Each checks the moderator's community, locks the row, writes an audit
entry and either applies wholly or not at all."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Board, ModeratedContent, Topic, Visibility
from forums.services.errors import ForumError

from .audit import record
from .flags import open_flags, resolve_flags
from .items import Item, community_of, kind_of, lock_item, set_visibility, visibility_of
from .notices import require_moderator

__all__ = [
    "REASON_MAX_LENGTH",
    "hide_item",
    "lock_topic",
    "move_topic",
    "pin_topic",
    "publish_item",
    "unlock_topic",
    "unpin_topic",
]

REASON_MAX_LENGTH = 200


def _reason(reason: str, *, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ForumError(_("Give a reason: the author reads it."), code="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ForumError(
            _("Keep the reason under %(count)d characters.") % {"count": REASON_MAX_LENGTH},
            code="reason",
        )
    return reason


def _copy(source: Item, target: Item) -> Item:
    """Give the caller's ``target`` the state just saved on its locked copy ``source``."""
    if source is target:
        return target
    if not isinstance(target, ModeratedContent):  # a comment: its state lives elsewhere
        target.refresh_from_db()
        return target
    for name in ("visibility", "moderation_note", "flag_count"):
        setattr(target, name, getattr(source, name))
    if isinstance(target, Topic):
        target.is_locked, target.is_pinned = source.is_locked, source.is_pinned
        target.board = source.board
    return target


def hide_item(moderator: User, item: Item, reason: str) -> Item:
    """Hide (隐藏) an item from everyone but its author, who reads ``reason``; its open
    reports count as decided."""
    require_moderator(moderator, community_of(item))
    reason = _reason(reason)
    with transaction.atomic():
        locked = lock_item(item)
        before = visibility_of(locked)
        decided = resolve_flags(locked)
        set_visibility(locked, Visibility.HIDDEN, reason)
        record(locked, "jiayuan.forum_hide", moderator, kind=kind_of(item), reason=reason,
               before=before, reports=decided)  # fmt: skip
    return _copy(locked, item)


def publish_item(moderator: User, item: Item) -> Item:
    """Publish (通过/恢复显示) an item held for a banned word, hidden after reports or hidden by
    a moderator; also dismisses open reports about a published one (they count as decided)."""
    require_moderator(moderator, community_of(item))
    with transaction.atomic():
        locked = lock_item(item)
        before = visibility_of(locked)
        if before == Visibility.PUBLISHED and not open_flags(locked).exists():
            raise ForumError(
                _("This is already published and nobody's report is waiting."), code="unchanged"
            )
        decided = resolve_flags(locked)
        set_visibility(locked, Visibility.PUBLISHED, "")
        record(locked, "jiayuan.forum_publish", moderator, kind=kind_of(item), before=before,
               reports=decided)  # fmt: skip
    return _copy(locked, item)


def _topic_flag(moderator: User, topic: Topic, field: str, value: bool, action: str) -> Topic:
    require_moderator(moderator, topic.community)
    with transaction.atomic():
        locked = lock_item(topic)
        if getattr(locked, field) == value:
            messages = {
                "is_locked": (_("This topic is already open."), _("This topic is already locked.")),
                "is_pinned": (_("This topic is not pinned."), _("This topic is already pinned.")),
            }
            raise ForumError(messages[field][value], code="unchanged")
        setattr(locked, field, value)
        locked.save(update_fields=[field])
        record(locked, action, moderator, kind="topic")
    return _copy(locked, topic)


def lock_topic(moderator: User, topic: Topic) -> Topic:
    """Lock (锁帖) a topic: no new replies; what is there stays."""
    return _topic_flag(moderator, topic, "is_locked", True, "jiayuan.forum_lock")


def unlock_topic(moderator: User, topic: Topic) -> Topic:
    """Open a locked topic again (解锁)."""
    return _topic_flag(moderator, topic, "is_locked", False, "jiayuan.forum_unlock")


def pin_topic(moderator: User, topic: Topic) -> Topic:
    """Pin (置顶) a topic at the top of its board."""
    return _topic_flag(moderator, topic, "is_pinned", True, "jiayuan.forum_pin")


def unpin_topic(moderator: User, topic: Topic) -> Topic:
    """Unpin (取消置顶) a topic."""
    return _topic_flag(moderator, topic, "is_pinned", False, "jiayuan.forum_unpin")


def move_topic(moderator: User, topic: Topic, board: Board) -> Topic:
    """Move (移动) a topic to another open board of the same community."""
    require_moderator(moderator, topic.community)
    if board is None or board.community_id != topic.community_id:
        raise ForumError(_("Choose a board of this community's forum."), code="board")
    if board.is_archived:
        raise ForumError(
            _("The board “%(board)s” is archived: nothing can be moved into it.")
            % {"board": board.name},
            code="board",
        )
    with transaction.atomic():
        locked = lock_item(topic)
        if locked.board_id == board.pk:
            raise ForumError(_("The topic is already in this board."), code="unchanged")
        before = locked.board_id
        locked.board = board
        locked.save(update_fields=["board"])
        record(locked, "jiayuan.forum_move", moderator, kind="topic", from_board=before,
               to_board=board.pk, board=board.name)  # fmt: skip
    return _copy(locked, topic)
