"""Moderation (内容管理): residents' reports (举报) and automatic hiding, a moderator's
decisions (hide, publish, lock, pin, move), posting bans (禁言) and turning a topic into a
governance event (转为事件).

Every action checks that the moderator moderates the item's community (``NotAllowed``
otherwise), runs in one transaction and writes a ``jiayuan.forum_<action>`` audit entry.
"""

from .audit import ACTIONS, record
from .bans import MAX_BAN_DAYS, active_bans, ban_user, lift_ban
from .decisions import (
    REASON_MAX_LENGTH,
    hide_item,
    lock_topic,
    move_topic,
    pin_topic,
    publish_item,
    unlock_topic,
    unpin_topic,
)
from .escalation import AlreadyEscalated, escalate_topic, event_path
from .flags import DETAIL_MAX_LENGTH, already_reported, flag_item, open_flags, resolve_flags
from .items import (
    KINDS,
    author_of,
    body_of,
    community_of,
    container_url,
    created_of,
    item_url,
    kind_label,
    kind_of,
    model_for,
    title_of,
    visibility_of,
)
from .notices import MODERATION_KIND, moderators_of, notify_moderators, require_moderator

__all__ = [
    "ACTIONS",
    "DETAIL_MAX_LENGTH",
    "KINDS",
    "MAX_BAN_DAYS",
    "MODERATION_KIND",
    "REASON_MAX_LENGTH",
    "AlreadyEscalated",
    "active_bans",
    "already_reported",
    "author_of",
    "ban_user",
    "body_of",
    "community_of",
    "container_url",
    "created_of",
    "escalate_topic",
    "event_path",
    "flag_item",
    "hide_item",
    "item_url",
    "kind_label",
    "kind_of",
    "lift_ban",
    "lock_topic",
    "model_for",
    "moderators_of",
    "move_topic",
    "notify_moderators",
    "open_flags",
    "pin_topic",
    "publish_item",
    "record",
    "require_moderator",
    "resolve_flags",
    "title_of",
    "unlock_topic",
    "unpin_topic",
    "visibility_of",
]
