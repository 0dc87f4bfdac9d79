"""Forum, post, comment and moderation operations (论坛与我有话说): every change happens here.

Modules: ``guard`` (checks before posting), ``forum`` (boards, topics, replies, follows),
``posts`` (我有话说 and its governance events), ``comments`` (news comments), ``moderation``
(reports, hiding, bans, escalation). Import from the module you need.
"""

from .errors import DuplicatePost, ForumError, NotAllowed, RateLimited

__all__ = ["DuplicatePost", "ForumError", "NotAllowed", "RateLimited"]
