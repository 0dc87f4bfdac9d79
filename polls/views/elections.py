"""The public pages of an election (民主选举): the candidates and the ballot while open, the
turnout (never a live count), the result with its checksum once published, and the ballots
file observers check it against."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.admin_scope import edits_community
from communities.models import Participation
from communities.scope import community_for_request
from polls.forms_elections import BallotForm
from polls.models import Candidate, Election, PollIndexPage
from polls.services.common import NotEligible, Phase, PollError, check_eligible, phase_of
from polls.services.elections import (
    ballots_text,
    cast_ballot,
    check_may_vote,
    has_voted,
    result_of,
    turnout,
    verify_result,
)
from portal.charts import BarChart
from portal.forms import add_service_errors
from themes.shortcuts import render_themed

__all__ = ["election_ballots", "election_detail", "election_vote"]

TEMPLATE = "polls/elections/detail.html"


def _may_preview(user, community) -> bool:
    """The community's editors (and city administrators) see a draft before it is published."""
    return edits_community(user, community.pk)


def _election(request: HttpRequest, election_id: int) -> Election:
    community = community_for_request(request)
    if community is None:
        raise Http404
    election = (
        Election.objects.select_related("community").filter(pk=election_id, community=community)
    ).first()
    if election is None or not (
        election.is_published or _may_preview(request.user, election.community)
    ):
        raise Http404
    return election


def _urls(request: HttpRequest, page: PollIndexPage, election: Election) -> dict[str, str]:
    base = page.get_url(request)
    kwargs = {"election_id": election.pk}
    return {
        "polls_url": base,
        "detail_url": base + page.reverse_subpage("election", kwargs=kwargs),
        "vote_url": base + page.reverse_subpage("election_vote", kwargs=kwargs),
        "ballots_url": base + page.reverse_subpage("election_ballots", kwargs=kwargs),
    }


def _result_rows(result, candidates: list[Candidate]) -> list[dict]:
    counts = result.counts or {}
    rows = [
        {
            "candidate": candidate,
            "votes": counts.get(str(candidate.pk), 0),
            "elected": candidate.pk in result.elected,
            "tied": candidate.pk in result.tied,
        }
        for candidate in candidates
    ]
    return sorted(rows, key=lambda row: -row["votes"])


def _render(
    request: HttpRequest,
    page: PollIndexPage,
    election: Election,
    *,
    form: BallotForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    phase = phase_of(election.opens_at, election.closes_at, timezone.now())
    candidates = list(Candidate.objects.filter(election=election).order_by("sort_order", "pk"))
    result = result_of(election) if election.is_published else None
    voted_on = has_voted(request.user, election)
    notice, sign_in = "", False
    if election.is_published and phase is Phase.OPEN and voted_on is None:
        try:
            check_eligible(request.user, election.community, Participation.RESIDENTS)
        except NotEligible as refusal:
            notice, sign_in = refusal.message, refusal.code == "anonymous"
        else:
            form = form or BallotForm(election=election, candidates=candidates)
    context = {
        "page": page,
        "election": election,
        "community": election.community,
        "candidates": candidates,
        "phase": phase.value,
        "form": form,
        "error": error,
        "notice": notice,
        "sign_in": sign_in,
        "voted_on": voted_on,
        "turnout": turnout(election) if result is None else None,
        "result": result,
        **_urls(request, page, election),
    }
    if result is not None:
        rows = _result_rows(result, candidates)
        context.update(
            rows=rows,
            elected=[row["candidate"] for row in rows if row["elected"]],
            tied=[row["candidate"] for row in rows if row["tied"]],
            chart=BarChart(
                title=_("Votes per candidate"),
                rows=[(row["candidate"].name, row["votes"]) for row in rows],
                unit=_("votes"),
                # Shares of the ballots: with several seats a ballot marks several names.
                base=result.ballot_count,
                empty_text=_("No ballots were cast."),
                label_heading=_("Candidate"),
            ),
            verified=verify_result(election),
        )
    return render_themed(request, TEMPLATE, context, status=status)


def election_detail(request: HttpRequest, page: PollIndexPage, election_id: int) -> HttpResponse:
    """The election's page: what it is about, the ballot or why there is none, the result."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _render(request, page, _election(request, election_id))


def election_vote(request: HttpRequest, page: PollIndexPage, election_id: int) -> HttpResponse:
    """Cast the ballot (投票); then back to the page with a thank-you that says nothing of
    the choice."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    election = _election(request, election_id)
    urls = _urls(request, page, election)
    if not request.user.is_authenticated:
        return redirect_to_login(urls["detail_url"])
    candidates = list(Candidate.objects.filter(election=election).order_by("sort_order", "pk"))
    form = BallotForm(request.POST, election=election, candidates=candidates)
    try:
        # Refusals that are not about the choice (closed, not eligible, voted) come first.
        check_may_vote(request.user, election)
        if not form.is_valid():
            return _render(request, page, election, form=form, status=400)
        cast_ballot(request.user, election, form.cleaned_data["candidates"])
    except ValidationError as invalid:
        add_service_errors(form, invalid)
        return _render(request, page, election, form=form, status=400)
    except PollError as refusal:
        return _render(request, page, election, error=refusal.message, status=refusal.status)
    messages.success(
        request,
        _(
            "Thank you: your vote has been recorded. Your ballot is secret: it is kept apart from "
            "your name, and nobody can see what you chose."
        ),
    )
    return redirect(urls["detail_url"])


def election_ballots(request: HttpRequest, page: PollIndexPage, election_id: int) -> HttpResponse:
    """Every ballot, anonymous, as the checksum was computed over: only once published."""
    election = _election(request, election_id)
    if not election.is_published or result_of(election) is None:
        raise Http404
    response = HttpResponse(ballots_text(election), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ballots.txt"'
    return response
