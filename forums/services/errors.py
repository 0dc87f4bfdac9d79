"""What forum, post, comment and moderation services raise; views turn each into a page."""

from __future__ import annotations

__all__ = ["DuplicatePost", "ForumError", "NotAllowed", "RateLimited"]


class ForumError(Exception):
    """A refusal with a message for the person, never a 500. ``status`` is the HTTP answer."""

    status = 400

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotAllowed(ForumError):
    """The person may not do this here (not eligible, banned, not a moderator, locked...)."""

    status = 403


class RateLimited(ForumError):
    """Too many posts or reports in a short time; ``retry_after`` seconds to wait."""

    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


class DuplicatePost(ForumError):
    """The same text was just posted by the same person."""
