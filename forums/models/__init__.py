"""Forums (社区论坛), “I have something to say” posts (我有话说) and their moderation."""

from .boards import Board, BoardVisit, Reply, Topic, TopicFollow
from .content import AWAITING_MODERATION, ModeratedContent, Visibility
from .moderation import BannedWord, Flag, FlagReason, PostingBan
from .pages import RESERVED_BOARD_SLUGS, ForumIndexPage, PostIndexPage
from .posts import Post, PostKind, PostPhoto

__all__ = [
    "AWAITING_MODERATION",
    "RESERVED_BOARD_SLUGS",
    "BannedWord",
    "Board",
    "BoardVisit",
    "Flag",
    "FlagReason",
    "ForumIndexPage",
    "ModeratedContent",
    "Post",
    "PostIndexPage",
    "PostKind",
    "PostPhoto",
    "PostingBan",
    "Reply",
    "Topic",
    "TopicFollow",
    "Visibility",
]
