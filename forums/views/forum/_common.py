"""What every forum view shares: the community, the forum's URLs, refusals, form errors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from communities.models import Community
from communities.scope import community_for_request
from forums.models import ForumIndexPage, Reply, Topic
from forums.services.errors import ForumError, RateLimited
from forums.services.forum import Refusal, reply_position
from themes.shortcuts import render_themed

PER_PAGE = 20
TEMPLATES = "forums/forum/"


def community_or_404(request: HttpRequest) -> Community:
    """The community whose site serves the request; the city portal has no forum."""
    community = community_for_request(request)
    if community is None:
        raise Http404
    return community


class ForumUrls:
    """The forum page's routes as paths on the request's site, built from one page URL."""

    def __init__(self, page: ForumIndexPage, request: HttpRequest) -> None:
        self.page = page
        self.index = page.get_url(request) or "/"

    def route(self, name: str, **kwargs: Any) -> str:
        return self.index + self.page.reverse_subpage(name, kwargs=kwargs or None)

    def board(self, slug: str) -> str:
        return self.route("board", board_slug=slug)

    def topic_create(self, slug: str) -> str:
        return self.route("topic_create", board_slug=slug)

    def topic(self, topic_id: int) -> str:
        return self.route("topic", topic_id=topic_id)

    def reply_form(self, topic_id: int) -> str:
        return self.route("reply", topic_id=topic_id)

    def follow(self, topic_id: int) -> str:
        return self.route("follow", topic_id=topic_id)

    def topic_edit(self, topic_id: int) -> str:
        return self.route("topic_edit", topic_id=topic_id)

    def reply_edit(self, reply_id: int) -> str:
        return self.route("reply_edit", reply_id=reply_id)

    def reply_location(self, reply: Reply, user) -> str:
        """The topic page that shows ``reply`` (to ``user``), scrolled to it."""
        page_number = reply_position(reply, user) // PER_PAGE + 1
        query = f"?page={page_number}" if page_number > 1 else ""
        return f"{self.topic(reply.topic_id)}{query}#reply-{reply.pk}"


def render(
    request: HttpRequest,
    page: ForumIndexPage,
    template: str,
    context: dict[str, Any],
    *,
    status: int | None = None,
) -> HttpResponse:
    """A forum page in the community's theme; ``page`` gives the navigation and title."""
    context = {"page": page, "self": page, **context}
    return render_themed(request, TEMPLATES + template, context, status=status)


def refused(
    request: HttpRequest,
    page: ForumIndexPage,
    error: ForumError | Refusal,
    *,
    topic: Topic | None = None,
    urls: ForumUrls | None = None,
) -> HttpResponse:
    """The page that says why not (403, or 429 for too many posts), with a way on."""
    status = getattr(error, "status", 403)
    message = getattr(error, "message", None) or getattr(error, "reason", "")
    urls = urls or ForumUrls(page, request)
    response = render(
        request,
        page,
        "refused.html",
        {
            "message": message,
            "code": error.code,
            "back_url": urls.topic(topic.pk) if topic is not None else urls.index,
            "back_topic": topic,
        },
        status=status,
    )
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


def sign_in(request: HttpRequest, next_url: str = "") -> HttpResponse:
    """Off to the sign-in page, and back here (or to ``next_url``) afterwards."""
    return redirect_to_login(next_url or request.get_full_path())


def posted_message(item: Topic | Reply) -> str:
    """What the author is told after posting: published, or waiting for a moderator."""
    if item.is_published:
        return _("Your topic is posted.") if isinstance(item, Topic) else _("Your reply is posted.")
    return _(
        "Saved, but not shown yet: it waits for a moderator because of a word or phrase in it. "
        "Only you can see it until then."
    )
