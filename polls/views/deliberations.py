"""The deliberations' public pages (阳光议事), served by ``PollIndexPage``'s routes: a proposal
form, a deliberation's page (its discussion, the vote, the outcome and how it is followed up),
and the vote and comment posts. Each view parses input, calls
``polls.services.deliberations`` and renders; a refusal is a page with the reason and its
status, never a 500."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.services.residency import verified_resident_ids
from communities.models import Community
from communities.scope import community_for_request
from forums.services.errors import ForumError
from forums.services.forum import forum_page_for, shown_replies
from governance.scope import shown_publicly
from polls.forms_deliberations import CommentForm, ProposalForm, VoteForm
from polls.models import Deliberation, DeliberationStatus, PollIndexPage
from polls.services.common import PollError
from polls.services.deliberations import (
    cast_deliberation_vote,
    comment_on_deliberation,
    conclude_deliberation,
    deliberation_phase,
    has_voted,
    may_propose,
    propose_deliberation,
    result_line,
    shown_deliberation,
    turnout,
)
from polls.services.deliberations._common import is_editor
from portal.forms import add_service_errors
from portal.ratelimit import client_ip
from themes.shortcuts import render_themed

__all__ = [
    "deliberation_comment",
    "deliberation_detail",
    "deliberation_propose",
    "deliberation_vote",
]

TEMPLATES = "polls/deliberations/"
SHOWN_REPLIES = 50  # the latest comments on the page; the forum topic has them all


def _community(request: HttpRequest) -> Community:
    community = community_for_request(request)
    if community is None:
        raise Http404
    return community


def _url(page: PollIndexPage, request: HttpRequest, name: str, **kwargs: Any) -> str:
    return (page.get_url(request) or "/") + page.reverse_subpage(name, kwargs=kwargs or None)


def _render(request, page, template: str, context: dict, *, status: int | None = None):
    context = {"page": page, "self": page, "polls_url": page.get_url(request), **context}
    return render_themed(request, TEMPLATES + template, context, status=status)


def _deliberation_or_404(request: HttpRequest, deliberation_id: int) -> Deliberation:
    """The deliberation of this site's community that the visitor may see, counted first if
    its voting has closed (the page never shows a stale "voting" state)."""
    community = _community(request)
    found = shown_deliberation(community, request.user, deliberation_id)
    if found is None:
        raise Http404
    if found.status == DeliberationStatus.SCHEDULED and timezone.now() >= found.voting_closes_at:
        conclude_deliberation(found)
        found = shown_deliberation(community, request.user, deliberation_id)
    found.community = community
    return found


@require_http_methods(["GET", "HEAD", "POST"])
def deliberation_propose(request: HttpRequest, page: PollIndexPage) -> HttpResponse:
    """Propose a deliberation (提出议题): verified residents when the community allows it,
    its editors always. It waits for the community office, seen by its proposer only."""
    community = _community(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = may_propose(request.user, community)
    if refusal is not None:
        return _render(
            request, page, "refused.html", {"message": refusal.message}, status=refusal.status
        )
    if request.method != "POST":
        return _render(request, page, "propose.html", {"form": ProposalForm()})
    form = ProposalForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            deliberation = propose_deliberation(
                request.user,
                community,
                title=form.cleaned_data["title"],
                proposal=form.cleaned_data["proposal"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PollError as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(
                request,
                _("Your proposal is sent to the community office, which will answer it here."),
            )
            return HttpResponseRedirect(
                _url(page, request, "deliberation", deliberation_id=deliberation.pk)
            )
    return _render(request, page, "propose.html", {"form": form}, status=status)


def _discussion(request: HttpRequest, deliberation: Deliberation) -> dict[str, Any]:
    topic = deliberation.topic
    if topic is None:
        return {"topic": None}
    topic.community = deliberation.community
    shown = shown_replies(topic, request.user)
    total = shown.count()
    replies = list(shown[max(total - SHOWN_REPLIES, 0) :])
    forum = forum_page_for(deliberation.community_id)
    topic_url = ""
    if forum is not None and topic.is_published:
        topic_url = (forum.get_url(request) or "/") + forum.reverse_subpage(
            "topic", kwargs={"topic_id": topic.pk}
        )
    return {
        "topic": topic,
        "replies": replies,
        "reply_total": total,
        "replies_cut": total > len(replies),
        "topic_url": topic_url,
    }


def _shown_event(request: HttpRequest, deliberation: Deliberation):
    """The passed deliberation's event, when the visitor may see it (public, or their own)."""
    event = deliberation.event
    if event is None:
        return None
    user = request.user
    if shown_publicly(event) or (user.is_authenticated and event.reporter_id == user.pk):
        return event
    return None


def _detail(
    request: HttpRequest,
    page: PollIndexPage,
    deliberation: Deliberation,
    *,
    vote_form: VoteForm | None = None,
    comment_form: CommentForm | None = None,
    error: str = "",
    status: int | None = None,
) -> HttpResponse:
    user, community = request.user, deliberation.community
    phase = deliberation_phase(deliberation)
    discussion = _discussion(request, deliberation)
    authors = {deliberation.proposed_by_id} | {r.author_id for r in discussion.get("replies", [])}
    voted = has_voted(user, deliberation) if phase == "voting" else False
    concluded = deliberation.status == DeliberationStatus.CONCLUDED
    action_item = getattr(deliberation, "action_item", None) if concluded else None
    context = {
        "deliberation": deliberation,
        "community": community,
        "phase": phase,
        "error": error,
        "is_editor": is_editor(user, community),
        "is_proposer": user.is_authenticated and user.pk == deliberation.proposed_by_id,
        "verified_ids": verified_resident_ids(community, authors),
        "turnout": turnout(deliberation) if phase == "voting" else None,
        "has_voted": voted,
        "vote_form": (vote_form or VoteForm()) if phase == "voting" and not voted else None,
        "vote_url": _url(page, request, "deliberation_vote", deliberation_id=deliberation.pk),
        "comment_form": (comment_form or CommentForm())
        if phase == "discussion" and discussion["topic"] is not None
        else None,
        "comment_url": _url(page, request, "deliberation_comment", deliberation_id=deliberation.pk),
        "result": result_line(deliberation) if concluded else "",
        "event": _shown_event(request, deliberation) if concluded else None,
        "action_item": action_item,
        **discussion,
    }
    return _render(request, page, "detail.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def deliberation_detail(
    request: HttpRequest, page: PollIndexPage, deliberation_id: int
) -> HttpResponse:
    """A deliberation's page: the proposal, its dates and rules, the discussion (with the
    comment form while it is open), the vote (turnout only while it is open), the result
    and the governance event's or the action item's progress."""
    return _detail(request, page, _deliberation_or_404(request, deliberation_id))


def _back(page, request, deliberation_id: int, anchor: str = "") -> HttpResponseRedirect:
    url = _url(page, request, "deliberation", deliberation_id=deliberation_id)
    return HttpResponseRedirect(url + anchor)


@require_POST
def deliberation_vote(
    request: HttpRequest, page: PollIndexPage, deliberation_id: int
) -> HttpResponse:
    """Vote for, against or abstain: once, within the voting period, if the rule allows."""
    deliberation = _deliberation_or_404(request, deliberation_id)
    if not request.user.is_authenticated:
        return redirect_to_login(
            _url(page, request, "deliberation", deliberation_id=deliberation.pk)
        )
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, page, deliberation, vote_form=form, status=400)
    try:
        cast_deliberation_vote(request.user, deliberation, form.cleaned_data["position"])
    except PollError as error:
        return _detail(request, page, deliberation, error=error.message, status=error.status)
    messages.success(
        request, _("Your vote is counted. The result is published when voting closes.")
    )
    return _back(page, request, deliberation.pk, "#vote")


@require_POST
def deliberation_comment(
    request: HttpRequest, page: PollIndexPage, deliberation_id: int
) -> HttpResponse:
    """Comment during the discussion period: a reply in the deliberation's forum topic,
    with every forum check (bans, rate limits, banned words)."""
    deliberation = _deliberation_or_404(request, deliberation_id)
    if not request.user.is_authenticated:
        return redirect_to_login(
            _url(page, request, "deliberation", deliberation_id=deliberation.pk)
        )
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _detail(request, page, deliberation, comment_form=form, status=400)
    try:
        reply = comment_on_deliberation(
            request.user, deliberation, form.cleaned_data["body"], ip=client_ip(request)
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, page, deliberation, comment_form=form, status=400)
    except (PollError, ForumError) as error:
        response = _detail(
            request, page, deliberation, comment_form=form, error=error.message,
            status=error.status,
        )  # fmt: skip
        if retry := getattr(error, "retry_after", None):
            response["Retry-After"] = str(retry)
        return response
    if reply.is_published:
        messages.success(request, _("Your comment is posted."))
    else:
        messages.success(
            request,
            _(
                "Saved, but not shown yet: it waits for a moderator because of a word or "
                "phrase in it. Only you can see it until then."
            ),
        )
    return _back(page, request, deliberation.pk, "#discussion")
