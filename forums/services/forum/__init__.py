"""The community forum (社区论坛): topics, replies, quotes, follows and board visits.

Every new topic or reply goes through ``forums.services.guard`` (who may post, bans, rate
limits, identical repeats, banned words); the views only parse input and call these.
"""

from ._common import BODY_MAX, TITLE_MAX, check_may_edit, edit_deadline, may_edit
from .follows import follow_topic, is_following, mark_board_visited, unfollow_topic
from .queries import (
    Refusal,
    board_rows,
    board_topics,
    posting_refusal,
    reply_position,
    reply_refusal,
    shown_replies,
    shown_topic,
)
from .replies import create_reply, edit_reply
from .topics import create_topic, edit_topic
from .urls import forum_page_for, reply_path

__all__ = [
    "BODY_MAX",
    "TITLE_MAX",
    "Refusal",
    "board_rows",
    "board_topics",
    "check_may_edit",
    "create_reply",
    "create_topic",
    "edit_deadline",
    "edit_reply",
    "edit_topic",
    "follow_topic",
    "forum_page_for",
    "is_following",
    "mark_board_visited",
    "may_edit",
    "posting_refusal",
    "reply_path",
    "reply_position",
    "reply_refusal",
    "shown_replies",
    "shown_topic",
    "unfollow_topic",
]
