"""The forum's front page (版块列表) and a board's topic list (帖子列表)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.services.residency import verified_resident_ids
from communities.models import CommunitySettings
from forums.models import Board, ForumIndexPage
from forums.services.forum import Refusal, board_rows, board_topics, mark_board_visited
from forums.services.forum import posting_refusal as _posting_refusal

from ._common import PER_PAGE, ForumUrls, community_or_404, render

__all__ = ["board_detail", "board_list", "posting_refusal"]


def posting_refusal(request: HttpRequest, board: Board | None = None) -> Refusal | None:
    """Why the visitor cannot start a topic here (in ``board``), or None."""
    if board is not None and board.is_archived:
        return Refusal("archived", _("This board is archived: it can be read, not posted in."))
    return _posting_refusal(
        request.user,
        community_or_404(request),
        site_settings=CommunitySettings.for_request(request),
    )


@require_safe
def board_list(request: HttpRequest, page: ForumIndexPage) -> HttpResponse:
    """Every board with its topic count and last activity; for a signed-in visitor, how
    many topics are new since their last visit. Archived boards come last, read-only."""
    community = community_or_404(request)
    urls = ForumUrls(page, request)
    boards = board_rows(community, request.user)
    for board in boards:
        board.url = urls.board(board.slug)
    return render(
        request,
        page,
        "board_list.html",
        {
            "boards": [b for b in boards if not b.is_archived],
            "archived_boards": [b for b in boards if b.is_archived],
        },
    )


@require_safe
def board_detail(request: HttpRequest, page: ForumIndexPage, board_slug: str) -> HttpResponse:
    """A board's topics, 20 a page: pinned first, then by last activity, marked "new" when
    active since the visitor's previous visit (which this visit replaces)."""
    community = community_or_404(request)
    board = Board.objects.filter(community=community, slug=board_slug).first()
    if board is None:
        raise Http404
    board.community = community
    urls = ForumUrls(page, request)
    user = request.user
    signed_in = user.is_authenticated
    previous_visit = mark_board_visited(user, board) if signed_in else None
    page_obj = Paginator(board_topics(board, user), PER_PAGE).get_page(request.GET.get("page"))
    topics = list(page_obj.object_list)
    for topic in topics:
        topic.url = urls.topic(topic.pk)
        topic.is_new = signed_in and (
            previous_visit is None or topic.last_activity_at > previous_visit
        )
    return render(
        request,
        page,
        "board.html",
        {
            "board": board,
            "topics": topics,
            "page_obj": page_obj,
            "verified_ids": verified_resident_ids(community, {t.author_id for t in topics}),
            "refusal": posting_refusal(request, board),
            "new_topic_url": urls.topic_create(board.slug),
            "forum_url": urls.index,
        },
    )
