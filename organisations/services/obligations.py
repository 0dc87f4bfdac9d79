"""Required periodic disclosures and whether each was met (定期信息公开义务).

For every active organisation and every requirement in force, each year ``Y`` from the
requirement's first year (or the organisation's founding year, if later) owes a disclosure of
the requirement's kind, due by ``due_month``/``due_day`` of year ``Y + 1``. Years are listed
up to the last one already past its due day, plus the next one (due today or later). An
obligation is:

- ``on_time``: the first published version fulfilling it was published on or before the due day;
- ``late``: it was published after the due day (``days_late`` days after);
- ``overdue``: nothing is published and the due day has passed;
- ``not_due``: nothing is published yet and the due day is still to come.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from organisations.models import (
    Disclosure,
    DisclosureRequirement,
    DisclosureStatus,
    Organisation,
)

__all__ = [
    "LATE",
    "NOT_DUE",
    "ON_TIME",
    "OVERDUE",
    "Obligation",
    "due_date",
    "obligations",
    "obligations_across_city",
    "overdue_across_city",
]

ON_TIME = "on_time"
LATE = "late"
OVERDUE = "overdue"
NOT_DUE = "not_due"


@dataclass
class Obligation:
    """One required disclosure of one organisation for one year, and how it stands."""

    requirement: DisclosureRequirement
    year: int
    due: date
    disclosure: Disclosure | None  # the first published version fulfilling it
    published_on: date | None
    days_late: int | None
    state: str

    @property
    def is_due(self) -> bool:
        return self.state != NOT_DUE

    @property
    def is_fulfilled(self) -> bool:
        return self.state in (ON_TIME, LATE)

    def days_overdue(self, today: date | None = None) -> int | None:
        """Days since the due day of an overdue obligation; None otherwise."""
        if self.state != OVERDUE:
            return None
        return ((today or timezone.localdate()) - self.due).days


def due_date(requirement: DisclosureRequirement, year: int) -> date:
    """The day the disclosure covering ``year`` is due: in the following year, the day clamped
    to the month's length (29 February is the 28th in a common year)."""
    month = min(max(requirement.due_month, 1), 12)
    last = calendar.monthrange(year + 1, month)[1]
    return date(year + 1, month, min(max(requirement.due_day, 1), last))


def _years(requirement: DisclosureRequirement, organisation: Organisation, today: date):
    start = requirement.first_year
    if organisation.founded_on is not None:
        start = max(start, organisation.founded_on.year)
    year = start
    while True:
        due = due_date(requirement, year)
        yield year, due
        if due >= today:  # the one not yet overdue closes the list
            return
        year += 1


def _first_publications(
    organisation_ids: Iterable[int] | None,
) -> dict[tuple[int, int, int], Disclosure]:
    """(organisation, requirement, year) → the first published disclosure fulfilling it."""
    published = Disclosure.objects.filter(
        status=DisclosureStatus.PUBLISHED, requirement__isnull=False
    ).order_by("published_at", "pk")
    if organisation_ids is not None:
        published = published.filter(organisation_id__in=list(organisation_ids))
    first: dict[tuple[int, int, int], Disclosure] = {}
    for disclosure in published.defer("body"):
        key = (disclosure.organisation_id, disclosure.requirement_id, disclosure.year)
        first.setdefault(key, disclosure)
    return first


def _obligation(requirement, year, due, disclosure, today) -> Obligation:
    if disclosure is not None:
        published_on = timezone.localdate(disclosure.published_at)
        days_late = max(0, (published_on - due).days)
        state = ON_TIME if days_late == 0 else LATE
        return Obligation(requirement, year, due, disclosure, published_on, days_late, state)
    state = OVERDUE if today > due else NOT_DUE
    return Obligation(requirement, year, due, None, None, None, state)


def _for(organisation, requirements, first, today) -> list[Obligation]:
    if not organisation.is_active:
        return []
    found = []
    for requirement in requirements:
        for year, due in _years(requirement, organisation, today):
            disclosure = first.get((organisation.pk, requirement.pk, year))
            found.append(_obligation(requirement, year, due, disclosure, today))
    found.sort(key=lambda o: (-o.year, o.due, o.requirement.pk))
    return found


def _requirements() -> list[DisclosureRequirement]:
    return list(DisclosureRequirement.objects.filter(is_active=True))


def obligations(organisation: Organisation, today: date | None = None) -> list[Obligation]:
    """Every required disclosure ``organisation`` owes, newest year first (none when it is
    no longer active). Two queries."""
    today = today or timezone.localdate()
    first = _first_publications([organisation.pk])
    return _for(organisation, _requirements(), first, today)


def obligations_across_city(
    today: date | None = None, organisations: Iterable[Organisation] | None = None
) -> list[tuple[Organisation, Obligation]]:
    """Every obligation of every active organisation (or of ``organisations``)."""
    today = today or timezone.localdate()
    if organisations is None:
        organisations = Organisation.objects.filter(is_active=True).order_by("name", "pk")
    organisations = list(organisations)
    requirements = _requirements()
    if not organisations or not requirements:
        return []
    first = _first_publications(None if len(organisations) > 500 else [o.pk for o in organisations])
    return [
        (organisation, obligation)
        for organisation in organisations
        for obligation in _for(organisation, requirements, first, today)
    ]


def overdue_across_city(today: date | None = None) -> list[tuple[Organisation, Obligation]]:
    """Every overdue required disclosure (逾期未公开) of every active organisation."""
    return [
        (organisation, obligation)
        for organisation, obligation in obligations_across_city(today)
        if obligation.state == OVERDUE
    ]
