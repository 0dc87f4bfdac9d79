"""What the column's views share: the community, the URLs, the post a visitor may see.

A post the visitor may not see answers 404 (never 403): its number must not tell a stranger
that a private or hidden post exists.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from communities.models import Community, CommunitySettings
from communities.scope import community_for_request
from forums.models import Post, PostIndexPage
from forums.services.access import posts_shown_q
from forums.services.errors import ForumError, RateLimited
from forums.services.posts import posting_refusal

__all__ = [
    "community_or_404",
    "post_page_url",
    "refusal_for",
    "say_url",
    "visible_post",
    "with_retry_after",
]


def community_or_404(request: HttpRequest) -> Community:
    """The request's community; the city portal has no column of its own."""
    community = community_for_request(request)
    if community is None:
        raise Http404
    return community


def say_url(request: HttpRequest, page: PostIndexPage) -> str:
    """The column's URL ("/say/", "/en/say/"), relative on its own site."""
    return page.get_url(request) or "/"


def post_page_url(base: str, post: Post) -> str:
    """The post's page under the column's URL ``base``."""
    # The "post" route, "<int:post_id>/", as forums.services.posts.links builds it too.
    return f"{base}{post.pk}/"


def visible_post(request: HttpRequest, community: Community, post_id: int) -> Post:
    """The post of this community that the visitor may see, or 404."""
    post = (
        Post.objects.select_related("author", "event__category")
        .filter(community=community, pk=post_id)
        .filter(posts_shown_q(request.user, community))
        .first()
    )
    if post is None:
        raise Http404
    post.community = community  # already loaded for the request: no second query
    return post


def refusal_for(request: HttpRequest, community: Community) -> str:
    """Why the visitor may not post here ("" if they may), with the request's own settings."""
    settings = CommunitySettings.for_request(request)
    refusal = posting_refusal(request.user, community, site_settings=settings)
    return refusal.reason if refusal else ""


def with_retry_after(response: HttpResponse, error: ForumError) -> HttpResponse:
    """Tell a rate-limited client when to try again."""
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response
