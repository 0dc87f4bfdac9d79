"""Replying (回帖) with an optional quote (引用), editing a reply, a link to one reply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.services.residency import verified_resident_ids
from forums.forms_forum import QUOTE_TOPIC, ReplyEditForm, ReplyForm, parse_quote
from forums.models import ForumIndexPage, Reply, Topic
from forums.services.access import shown_q
from forums.services.errors import ForumError, NotAllowed
from forums.services.forum import check_may_edit, create_reply, edit_reply
from portal.forms import add_service_errors
from portal.ratelimit import client_ip

from ._common import (
    ForumUrls,
    community_or_404,
    posted_message,
    refused,
    render,
    sign_in,
)
from .topics import topic_or_404, why_no_reply

__all__ = ["reply_create", "reply_edit", "reply_link"]


def _reply_or_404(request: HttpRequest, reply_id: int) -> Reply:
    """A reply the visitor may see, in a topic they may see, on this community's site."""
    community = community_or_404(request)
    reply = (
        Reply.objects.filter(pk=reply_id, community=community).filter(shown_q(request.user)).first()
    )
    if reply is None:
        raise Http404
    reply.topic = topic_or_404(request, reply.topic_id)
    return reply


def _quote_of(topic: Topic, target: int | str | None) -> Reply | Topic | None:
    """What ``?quote=`` points at: the topic, one of its replies, or None. Never a reply of
    another topic: its preview could show what that topic's visitors may not see."""
    if target == QUOTE_TOPIC:
        return topic
    if isinstance(target, int):
        return (
            Reply.objects.filter(pk=target, topic=topic, community_id=topic.community_id)
            .select_related("author")
            .first()
        )
    return None


def _reply_form(request, page, topic, form, quote, *, status=None) -> HttpResponse:
    user = request.user
    quote_shown = quote is not None and (quote.is_published or quote.author_id == user.pk)
    authors = {quote.author_id} if quote is not None else set()
    response = render(
        request,
        page,
        "reply_form.html",
        {
            "topic": topic,
            "form": form,
            "quote": quote,
            "quote_is_topic": isinstance(quote, Topic),
            "quote_shown": quote_shown,
            "verified_ids": verified_resident_ids(topic.community, authors),
            "back_url": ForumUrls(page, request).topic(topic.pk),
        },
        status=status,
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def reply_create(request: HttpRequest, page: ForumIndexPage, topic_id: int) -> HttpResponse:
    """The reply form (with ``?quote=<reply id>`` or ``?quote=topic``) and posting it."""
    topic = topic_or_404(request, topic_id)
    if not request.user.is_authenticated:
        return sign_in(request)
    refusal = why_no_reply(request, topic)
    if refusal is not None:
        return refused(request, page, refusal, topic=topic)
    if request.method != "POST":
        raw = request.GET.get("quote", "")
        quote = _quote_of(topic, parse_quote(raw))
        form = ReplyForm(initial={"quote": raw if quote is not None else ""})
        return _reply_form(request, page, topic, form, quote)
    form = ReplyForm(request.POST)
    quote = None
    if form.is_valid():
        target = form.quote_target()
        quote = _quote_of(topic, target)
        if isinstance(target, int) and quote is None:
            form.add_error(None, _("The reply you quoted is not part of this topic."))
        else:
            response = _post_reply(request, page, topic, form, quote)
            if response is not None:
                return response
    return _reply_form(request, page, topic, form, quote, status=400)


def _post_reply(request, page, topic, form, quote) -> HttpResponse | None:
    """Post the reply: the redirect on success, a refusal page, or None (errors on ``form``)."""
    urls = ForumUrls(page, request)
    try:
        reply = create_reply(
            request.user,
            topic,
            form.cleaned_data["body"],
            quoted=quote if isinstance(quote, Reply) else None,
            quotes_topic=isinstance(quote, Topic),
            ip=client_ip(request),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    except NotAllowed as error:
        return refused(request, page, error, topic=topic)
    except ForumError as error:  # too often, or the same text again: keep what was typed
        form.add_error(None, error.message)
        response = _reply_form(request, page, topic, form, quote, status=error.status)
        if retry := getattr(error, "retry_after", None):
            response["Retry-After"] = str(retry)
        return response
    messages.success(request, posted_message(reply))
    return HttpResponseRedirect(urls.reply_location(reply, request.user))


@require_http_methods(["GET", "HEAD", "POST"])
def reply_edit(request: HttpRequest, page: ForumIndexPage, reply_id: int) -> HttpResponse:
    """The author changes their reply, within the edit window (编辑时限)."""
    reply = _reply_or_404(request, reply_id)
    topic = reply.topic
    if not request.user.is_authenticated:
        return sign_in(request)
    try:
        check_may_edit(request.user, reply, topic.board.is_archived, timezone.now())
    except NotAllowed as error:
        return refused(request, page, error, topic=topic)
    form = ReplyEditForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        form = ReplyEditForm(initial={"body": reply.body})
    elif form.is_valid():
        try:
            edit_reply(request.user, reply, form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as error:
            return refused(request, page, error, topic=topic)
        else:
            messages.success(request, _("Your changes are saved."))
            location = ForumUrls(page, request).reply_location(reply, request.user)
            return HttpResponseRedirect(location)
    status = 400 if request.method == "POST" else None
    return render(
        request,
        page,
        "reply_form.html",
        {
            "topic": topic,
            "form": form,
            "editing": reply,
            "back_url": ForumUrls(page, request).topic(topic.pk),
        },
        status=status,
    )


@require_safe
def reply_link(request: HttpRequest, page: ForumIndexPage, reply_id: int) -> HttpResponse:
    """A lasting link to one reply: the topic page that shows it, scrolled to it."""
    reply = _reply_or_404(request, reply_id)
    return HttpResponseRedirect(ForumUrls(page, request).reply_location(reply, request.user))
