"""Where a post lives (帖子链接): the community's "say" page and a post's path under it.

Notifications carry site-relative paths ("/say/12/"), made absolute with the community's own
address by ``notify``; the page is looked up, so an editor renaming its slug breaks no link.
"""

from __future__ import annotations

from wagtail.models import Site

from communities.models import Community
from forums.models import Post, PostIndexPage

__all__ = ["post_path", "say_page_path"]


def say_page_path(community: Community | int) -> str:
    """The site-relative path of ``community``'s live "I have something to say" page (its
    default-language one), e.g. "/say/"; "" when it has none (2 queries)."""
    site_id = (
        community.site_id
        if isinstance(community, Community)
        else Community.objects.filter(pk=community).values_list("site_id", flat=True).first()
    )
    site = Site.objects.select_related("root_page").filter(pk=site_id).first()
    if site is None:
        return ""
    root = site.root_page
    page = PostIndexPage.objects.live().child_of(root).only("url_path").first()
    if page is None:
        return ""
    # url_path is "/<home-slug>/say/"; on the community's own site the home is "/".
    return page.url_path[len(root.url_path) - 1 :]


def post_path(post: Post, base: str | None = None) -> str:
    """The site-relative path of ``post``'s page; ``base`` is the say page's path when the
    caller knows it already."""
    base = say_page_path(post.community_id) if base is None else base
    if not base:
        return ""
    return f"{base}{post.pk}/"
