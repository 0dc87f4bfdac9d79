"""A topic's page (主题帖), starting and editing a topic, following it (关注)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.services.residency import verified_resident_ids
from communities.models import CommunitySettings
from forums.forms_forum import QUOTE_TOPIC, ReplyForm, TopicForm
from forums.models import Board, ForumIndexPage, Topic
from forums.services.errors import ForumError, NotAllowed
from forums.services.forum import (
    Refusal,
    check_may_edit,
    create_topic,
    edit_topic,
    follow_topic,
    is_following,
    may_edit,
    posting_refusal,
    reply_refusal,
    shown_replies,
    shown_topic,
    unfollow_topic,
)
from governance.views.public import shown_publicly
from portal.forms import add_service_errors
from portal.ratelimit import client_ip

from ._common import (
    PER_PAGE,
    ForumUrls,
    community_or_404,
    posted_message,
    refused,
    render,
    sign_in,
)
from .boards import posting_refusal as board_refusal

__all__ = [
    "topic_create",
    "topic_detail",
    "topic_edit",
    "topic_follow",
    "topic_or_404",
    "why_no_reply",
]


def topic_or_404(request: HttpRequest, topic_id: int) -> Topic:
    """The topic of this site's community that the visitor may see; 404 for any other."""
    community = community_or_404(request)
    topic = shown_topic(community, request.user, topic_id)
    if topic is None:
        raise Http404
    topic.community = community
    topic.board.community = community
    return topic


def why_no_reply(request: HttpRequest, topic: Topic) -> Refusal | None:
    """Why the visitor cannot reply to ``topic`` (the topic's state first, then theirs)."""
    return reply_refusal(topic) or posting_refusal(
        request.user, topic.community, site_settings=CommunitySettings.for_request(request)
    )


@require_safe
def topic_detail(request: HttpRequest, page: ForumIndexPage, topic_id: int) -> HttpResponse:
    """The topic, then its replies 20 a page, each with its quote; the reply form (or why
    not) at the bottom. The number of queries does not grow with the replies shown."""
    topic = topic_or_404(request, topic_id)
    community, user, now = topic.community, request.user, timezone.now()
    urls = ForumUrls(page, request)
    page_obj = Paginator(shown_replies(topic, user), PER_PAGE).get_page(request.GET.get("page"))
    replies = list(page_obj.object_list)
    authors = {topic.author_id}
    for reply in replies:
        authors.add(reply.author_id)
        reply.quote_url = f"{urls.reply_form(topic.pk)}?quote={reply.pk}"
        reply.edit_url = urls.reply_edit(reply.pk) if may_edit(user, reply, now) else ""
        quoted = reply.quoted
        if quoted is not None:
            authors.add(quoted.author_id)
            reply.quoted_shown = quoted.is_published or quoted.author_id == user.pk
    refusal = why_no_reply(request, topic)
    event = topic.event
    event_visible = event is not None and (
        shown_publicly(event) or (user.is_authenticated and event.reporter_id == user.pk)
    )
    return render(
        request,
        page,
        "topic.html",
        {
            "topic": topic,
            "event_visible": event_visible,
            "board_url": urls.board(topic.board.slug),
            "replies": replies,
            "page_obj": page_obj,
            "verified_ids": verified_resident_ids(community, authors),
            "following": is_following(user, topic),
            "follow_url": urls.follow(topic.pk),
            "edit_url": urls.topic_edit(topic.pk) if may_edit(user, topic, now) else "",
            "quote_topic_url": f"{urls.reply_form(topic.pk)}?quote={QUOTE_TOPIC}",
            "reply_url": urls.reply_form(topic.pk),
            "refusal": refusal,
            "reply_form": None if refusal else ReplyForm(),
        },
    )


def _topic_form(request, page, form, *, board: Board, topic: Topic | None, status=None):
    urls = ForumUrls(page, request)
    back_url = urls.topic(topic.pk) if topic is not None else urls.board(board.slug)
    return render(
        request,
        page,
        "topic_form.html",
        {"form": form, "board": board, "topic": topic, "back_url": back_url},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def topic_create(request: HttpRequest, page: ForumIndexPage, board_slug: str) -> HttpResponse:
    """Start a topic (发帖) in a board: the form, then the topic's page."""
    community = community_or_404(request)
    board = Board.objects.filter(community=community, slug=board_slug).first()
    if board is None:
        raise Http404
    board.community = community
    if not request.user.is_authenticated:
        return sign_in(request)
    refusal = board_refusal(request, board)
    if refusal is not None:
        return refused(request, page, refusal)
    if request.method != "POST":
        return _topic_form(request, page, TopicForm(), board=board, topic=None)
    form = TopicForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            topic = create_topic(
                request.user, board, data["title"], data["body"], ip=client_ip(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as error:
            return refused(request, page, error)
        except ForumError as error:  # too often, or the same text again: keep what was typed
            form.add_error(None, error.message)
            response = _topic_form(
                request, page, form, board=board, topic=None, status=error.status
            )
            if retry := getattr(error, "retry_after", None):
                response["Retry-After"] = str(retry)
            return response
        else:
            messages.success(request, posted_message(topic))
            return HttpResponseRedirect(ForumUrls(page, request).topic(topic.pk))
    return _topic_form(request, page, form, board=board, topic=None, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def topic_edit(request: HttpRequest, page: ForumIndexPage, topic_id: int) -> HttpResponse:
    """The author changes their topic, within the edit window (编辑时限)."""
    topic = topic_or_404(request, topic_id)
    if not request.user.is_authenticated:
        return sign_in(request)
    try:
        check_may_edit(request.user, topic, topic.board.is_archived, timezone.now())
    except NotAllowed as error:
        return refused(request, page, error, topic=topic)
    if request.method != "POST":
        form = TopicForm(initial={"title": topic.title, "body": topic.body})
        return _topic_form(request, page, form, board=topic.board, topic=topic)
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            edit_topic(request.user, topic, form.cleaned_data["title"], form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as error:
            return refused(request, page, error, topic=topic)
        else:
            messages.success(request, _("Your changes are saved."))
            return HttpResponseRedirect(ForumUrls(page, request).topic(topic.pk))
    return _topic_form(request, page, form, board=topic.board, topic=topic, status=400)


def topic_follow(request: HttpRequest, page: ForumIndexPage, topic_id: int) -> HttpResponse:
    """Follow or stop following a topic (POST ``action=follow|unfollow``)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    topic = topic_or_404(request, topic_id)
    if not request.user.is_authenticated:
        return sign_in(request, ForumUrls(page, request).topic(topic.pk))
    if request.POST.get("action") == "unfollow":
        unfollow_topic(request.user, topic)
        messages.success(request, _("You no longer follow this topic."))
    else:
        try:
            follow_topic(request.user, topic)
        except NotAllowed as error:
            return refused(request, page, error, topic=topic)
        messages.success(request, _("You follow this topic: new replies will be in your inbox."))
    return HttpResponseRedirect(ForumUrls(page, request).topic(topic.pk))
