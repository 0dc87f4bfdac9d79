"""What the polls app as a whole registers at start-up: its notification kind, "my account →
my votes" and the votes in a user's data export.

My votes lists that a person answered a poll (民意调查), how they voted on a deliberation
(阳光议事: their own vote, shown only to them) and that they voted in an election (民主选举)
with the day only: what they chose in an election is not stored against them, so it cannot
be shown, and nothing here tries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from accounts.account_sections import SectionItem
    from accounts.models import User

# "My votes" shows the latest few, like the other sections of the account page.
SHOWN_VOTES = 10


@dataclass(frozen=True)
class _Vote:
    """One line of "my votes" before its URL is known."""

    when: date | datetime
    title: str
    status: str
    community_id: int
    route: str  # the polls page's route to the item's page
    target_id: int

    @property
    def day(self) -> date:
        return timezone.localdate(self.when) if isinstance(self.when, datetime) else self.when


def _poll_pages(request: HttpRequest, community_ids: set[int]) -> dict[int, tuple[Any, str]]:
    """Each community's polls page and its absolute URL on the community's own site (two
    queries): the account page may be on another community's site, or on the city portal."""
    from communities.models import Community
    from polls.models import PollIndexPage

    communities = Community.objects.filter(pk__in=community_ids).select_related("site__root_page")
    by_root = {c.site.root_page.path: c for c in communities if c.site_id}
    if not by_root:
        return {}
    children = Q()
    for path, community in by_root.items():
        children |= Q(path__startswith=path, depth=community.site.root_page.depth + 1)
    pages = {}
    for page in PollIndexPage.objects.live().filter(children):
        community = by_root.get(page.path[: -PollIndexPage.steplen])
        if community is not None:
            # url_path is "/<home-slug>/polls/"; on the community's own site the home is "/".
            path = page.url_path[len(community.site.root_page.url_path) :]
            pages[community.pk] = (page, community.get_url(request) + path)
    return pages


def my_votes(request: HttpRequest) -> list[SectionItem]:
    """ "My account → My votes": the polls the user answered, the deliberations they voted on
    (with their vote) and the elections they voted in (the day only), newest first."""
    from accounts.account_sections import SectionItem
    from polls.models import DeliberationVote, Position, SurveyResponse, VoterRollEntry

    user = request.user
    responses = SurveyResponse.objects.filter(respondent=user).select_related("survey")
    votes = DeliberationVote.objects.filter(voter=user).select_related("deliberation")
    roll = VoterRollEntry.objects.filter(voter=user).select_related("election")
    positions = {
        Position.FOR: _("Voted for"),
        Position.AGAINST: _("Voted against"),
        Position.ABSTAIN: _("Abstained"),
    }
    lines = [
        _Vote(
            r.submitted_at,
            _("Opinion poll: %(title)s") % {"title": r.survey.title},
            _("Answered"),
            r.survey.community_id,
            "survey",
            r.survey_id,
        )
        for r in responses.order_by("-submitted_at", "-pk")[:SHOWN_VOTES]
    ]
    lines += [
        _Vote(
            v.cast_at,
            _("Deliberation: %(title)s") % {"title": v.deliberation.title},
            positions.get(v.position, ""),
            v.deliberation.community_id,
            "deliberation",
            v.deliberation_id,
        )
        for v in votes.order_by("-cast_at", "-pk")[:SHOWN_VOTES]
    ]
    lines += [
        _Vote(
            e.voted_on,  # the day only: that is all the roll keeps
            _("Election: %(title)s") % {"title": e.election.title},
            _("Voted"),
            e.election.community_id,
            "election",
            e.election_id,
        )
        for e in roll.order_by("-voted_on", "-pk")[:SHOWN_VOTES]
    ]
    lines = sorted(lines, key=lambda line: line.day, reverse=True)[:SHOWN_VOTES]
    pages = _poll_pages(request, {line.community_id for line in lines})
    items = []
    for line in lines:
        url = ""
        if line.community_id in pages:
            page, base = pages[line.community_id]
            url = base + page.reverse_subpage(
                line.route, kwargs={f"{line.route}_id": line.target_id}
            )
        items.append(SectionItem(title=line.title, url=url, status=line.status, date=line.when))
    return items


def export_votes(user: User) -> dict[str, list[dict[str, Any]]]:
    """The user's part in polls for their data export: their poll answers (stored against
    them), their deliberation votes, and the elections they voted in (the day; the ballot has
    no voter, so what they chose is not theirs to export, nor anyone's)."""
    from polls.models import DeliberationVote, SurveyResponse, VoterRollEntry

    responses = (
        SurveyResponse.objects.filter(respondent=user)
        .select_related("survey__community")
        .prefetch_related("answers__question")
        .order_by("submitted_at", "pk")
    )
    polls = []
    for response in responses:
        answers = []
        for answer in sorted(response.answers.all(), key=lambda a: (a.question.sort_order, a.pk)):
            choices = answer.question.choices or []
            answers.append(
                {
                    "question": answer.question.text,
                    "choice": (
                        choices[answer.choice]
                        if answer.choice is not None and answer.choice < len(choices)
                        else None
                    ),
                    "text": answer.text,
                }
            )
        polls.append(
            {
                "community": response.survey.community.name,
                "poll": response.survey.title,
                "submitted_at": response.submitted_at,
                "answers": answers,
            }
        )
    votes = DeliberationVote.objects.filter(voter=user).select_related("deliberation__community")
    roll = VoterRollEntry.objects.filter(voter=user).select_related("election__community")
    return {
        "poll_answers": polls,
        "deliberation_votes": [
            {
                "community": v.deliberation.community.name,
                "deliberation": v.deliberation.title,
                "vote": v.position,
                "cast_at": v.cast_at,
            }
            for v in votes.order_by("cast_at", "pk")
        ],
        "elections_voted_in": [
            {
                "community": e.election.community.name,
                "election": e.election.title,
                "voted_on": e.voted_on,
            }
            for e in roll.order_by("voted_on", "pk")
        ],
    }


def register() -> None:
    """Called once from ``PollsConfig.ready``."""
    from accounts.account_sections import register_provider
    from accounts.privacy.export import register_exporter
    from notifications.kinds import register_kind

    register_kind(
        "polls",
        gettext_lazy("Polls and votes"),
        gettext_lazy(
            "When a deliberation you proposed or voted on is scheduled, declined or decided, "
            "and when an election you voted in publishes its result."
        ),
        email_default=False,
    )
    register_provider("votes", my_votes)
    register_exporter("votes", export_votes)
