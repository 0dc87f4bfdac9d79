"""Links into a community's forum from outside a request (notifications, emails)."""

from __future__ import annotations

from communities.site_pages import community_page
from forums.models import ForumIndexPage, Reply

__all__ = ["forum_page_for", "reply_path"]


def forum_page_for(community_id: int) -> ForumIndexPage | None:
    """The community's live forum page (社区论坛) in the site's default language: a child
    of the site's root page (two queries)."""
    return community_page(community_id, ForumIndexPage)


def reply_path(reply: Reply) -> str:
    """The site-relative path that opens the topic page showing ``reply``
    ("/forum/reply/12/"), or "" when the community has no forum page."""
    page = forum_page_for(reply.community_id)
    parts = page.get_url_parts() if page is not None else None
    if parts is None:
        return ""
    return parts[2] + page.reverse_subpage("reply_link", kwargs={"reply_id": reply.pk})
