"""What a community's polls page lists (民意议事): its opinion polls (民意调查), sunshine
deliberations (阳光议事) and elections (民主选举), each grouped into open, upcoming and closed.

Who sees what is decided by each kind's own list (``listed_surveys``, ``listed_deliberations``,
``listed_elections``); this module only groups and labels, in a constant number of queries
(four at most, however many items there are).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from polls.models import Deliberation, DeliberationStatus, Election, Survey
from polls.services.common import Phase, phase_of
from polls.services.deliberations import deliberation_phase, listed_deliberations
from polls.services.elections import listed_elections
from polls.services.surveys import listed_surveys

__all__ = ["CLOSED_SHOWN", "ListedItem", "PollListing", "Section", "poll_listing"]

# Closed items listed per kind: the page is an index, not an archive.
CLOSED_SHOWN = 20


@dataclass(frozen=True)
class ListedItem:
    """One poll, deliberation or election as the index shows it. ``route`` is the polls page's
    route to its page ("survey", "deliberation", "election"), taking ``<route>_id=pk``."""

    route: str
    pk: int
    title: str
    phase: Phase
    status: str  # a CSS-friendly code: the phase, or a deliberation's stage
    status_label: str
    opens_at: datetime | None
    closes_at: datetime | None
    # The visitor's own part: when they answered or voted (a day or a moment), or None.
    took_part_on: date | datetime | None = None
    note: str = ""  # an outcome ("Passed") or why a proposal is listed
    url: str = ""  # filled in by the view, which knows the page

    @property
    def route_kwargs(self) -> dict[str, int]:
        return {f"{self.route}_id": self.pk}


@dataclass(frozen=True)
class Section:
    """One kind's items by phase; ``closed`` holds at most ``CLOSED_SHOWN`` of
    ``closed_total``; ``waiting`` holds the visitor's own proposals the office has not
    answered yet (deliberations only)."""

    open: list[ListedItem] = field(default_factory=list)
    upcoming: list[ListedItem] = field(default_factory=list)
    closed: list[ListedItem] = field(default_factory=list)
    closed_total: int = 0
    waiting: list[ListedItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.open or self.upcoming or self.closed or self.waiting)

    @property
    def closed_hidden(self) -> int:
        """How many closed items are not listed."""
        return self.closed_total - len(self.closed)


@dataclass(frozen=True)
class PollListing:
    surveys: Section
    deliberations: Section
    elections: Section


def _phase_labels() -> dict[Phase, str]:
    return {Phase.OPEN: _("Open"), Phase.UPCOMING: _("Upcoming"), Phase.CLOSED: _("Closed")}


def _section(items: Iterable[ListedItem], waiting: list[ListedItem] | None = None) -> Section:
    by_phase: dict[Phase, list[ListedItem]] = {phase: [] for phase in Phase}
    for item in items:
        by_phase[item.phase].append(item)
    far = timezone.now().replace(year=9999)
    # Open: closing soonest first; upcoming: opening soonest first; closed: latest first.
    by_phase[Phase.OPEN].sort(key=lambda i: i.closes_at or far)
    by_phase[Phase.UPCOMING].sort(key=lambda i: i.opens_at or far)
    closed = by_phase[Phase.CLOSED]
    closed.sort(key=lambda i: i.closes_at or i.opens_at or far, reverse=True)
    return Section(
        open=by_phase[Phase.OPEN],
        upcoming=by_phase[Phase.UPCOMING],
        closed=closed[:CLOSED_SHOWN],
        closed_total=len(closed),
        waiting=waiting or [],
    )


def _window_item(
    item: Survey | Election, route: str, took_part_on, now: datetime, labels: dict[Phase, str]
) -> ListedItem:
    """A poll or an election: its phase comes from its voting window."""
    phase = phase_of(item.opens_at, item.closes_at, now)
    return ListedItem(
        route=route,
        pk=item.pk,
        title=item.title,
        phase=phase,
        status=phase.value,
        status_label=labels[phase],
        opens_at=item.opens_at,
        closes_at=item.closes_at,
        took_part_on=took_part_on,
    )


def _deliberation_item(d: Deliberation, now: datetime) -> ListedItem:
    stage = deliberation_phase(d, now)
    phase = {
        "submitted": Phase.UPCOMING,
        "upcoming": Phase.UPCOMING,
        "discussion": Phase.OPEN,
        "voting": Phase.OPEN,
    }.get(stage, Phase.CLOSED)
    labels = {
        "submitted": _("Waiting for the community office"),
        "rejected": _("Not taken up"),
        "upcoming": _("Upcoming"),
        "discussion": _("Under discussion"),
        "voting": _("Voting"),
        "concluded": _("Concluded"),
    }
    label = labels[stage]
    if stage == "concluded" and d.status == DeliberationStatus.SCHEDULED:
        label = _("Voting closed, being counted")
    note = d.get_outcome_display() if d.outcome else ""
    if stage == "rejected":
        note = _("Your proposal. Only you see it here.")
    return ListedItem(
        route="deliberation",
        pk=d.pk,
        title=d.title,
        phase=phase,
        status=stage,
        status_label=label,
        # The window shown is the voting period (the discussion opens before it); a proposal
        # the office has not scheduled has none, so it shows when it was proposed.
        opens_at=d.proposed_at if stage in ("submitted", "rejected") else d.voting_opens_at,
        closes_at=d.voting_closes_at,
        note=note,
    )


def poll_listing(
    community: Community, user: User | AnonymousUser | None, now: datetime | None = None
) -> PollListing:
    """The polls page's lists for ``user`` in ``community`` at ``now``: published polls and
    elections, public deliberations and ``user``'s own proposals (shown to nobody else)."""
    now = now or timezone.now()
    labels = _phase_labels()
    surveys = [
        _window_item(s, "survey", getattr(s, "answered_at", None), now, labels)
        for s in listed_surveys(community, user, now)
    ]
    elections = [
        _window_item(e, "election", getattr(e, "voted_on", None), now, labels)
        for e in listed_elections(community, user, now)
    ]
    # The list has the proposal's full text, which the index does not show.
    found = listed_deliberations(community, user, now).defer("proposal")
    deliberations = [_deliberation_item(d, now) for d in found]
    waiting = [item for item in deliberations if item.status == "submitted"]
    listed = [item for item in deliberations if item.status != "submitted"]
    return PollListing(
        surveys=_section(surveys),
        deliberations=_section(listed, waiting),
        elections=_section(elections),
    )
