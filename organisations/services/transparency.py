"""The transparency index of a social organisation (透明度指数), 0–100.

It is computed from the organisation's required disclosures only (voluntary ones do not
count), over the last ``COVERED_YEARS`` years whose disclosures are already due:

- completeness (完整性) = fulfilled obligations ÷ obligations due × 100;
- timeliness (及时性) = the average over the obligations due of: 100 for one published on
  time; for one published late, 100 minus 10 for each started month (30 days) of delay, at
  least 0; 0 for one not published;
- index = completeness × 50% + timeliness × 50%, rounded to a whole number.

An organisation with nothing due yet has no index. The index is stored on the organisation
(``refresh_index``) on every publication and every night, so the directory sorts by it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .obligations import LATE, NOT_DUE, ON_TIME, Obligation, obligations

__all__ = [
    "COVERED_YEARS",
    "FORMULA",
    "FORMULA_COMPLETENESS",
    "FORMULA_INDEX",
    "FORMULA_NO_INDEX",
    "FORMULA_SCOPE",
    "FORMULA_TIMELINESS",
    "FORMULA_TITLE",
    "LATE_PENALTY_PER_MONTH",
    "TransparencyScore",
    "refresh_index",
    "score",
    "timeliness_of",
]

COVERED_YEARS = 3
LATE_PENALTY_PER_MONTH = 10  # points off for each started 30 days of delay
WEIGHT_COMPLETENESS = 0.5
WEIGHT_TIMELINESS = 0.5

# The formula as the public page explains it (one paragraph each, in this order).
FORMULA_TITLE = _("How the transparency index is computed")
FORMULA_SCOPE = _(
    "The index counts the disclosures that every social organisation must publish, such as "
    "the annual work report, for the last 3 years whose deadline has passed. Voluntary "
    "disclosures do not change it."
)
FORMULA_COMPLETENESS = _(
    "Completeness: the share of those required disclosures that have been published, from 0 to 100."
)
FORMULA_TIMELINESS = _(
    "Timeliness: each required disclosure scores 100 if it was published by its deadline; "
    "if it was late, 100 minus 10 for each started month (30 days) of delay, but not less "
    "than 0; and 0 if it has not been published. Timeliness is the average of these scores."
)
FORMULA_INDEX = _(
    "Transparency index = half the completeness + half the timeliness, rounded to a whole "
    "number from 0 to 100. It is updated every night and whenever a disclosure is published."
)
FORMULA_NO_INDEX = _("An organisation with no required disclosure due yet has no index.")
FORMULA = (FORMULA_SCOPE, FORMULA_COMPLETENESS, FORMULA_TIMELINESS, FORMULA_INDEX, FORMULA_NO_INDEX)


@dataclass
class TransparencyScore:
    """The index and its two parts (None when nothing is due), and the obligations counted."""

    index: int | None
    completeness: int | None
    timeliness: int | None
    counted: list[Obligation] = field(default_factory=list)


def _round(value: float) -> int:
    """Half up (0.5 → 1), not Python's half to even."""
    return math.floor(value + 0.5)


def timeliness_of(obligation: Obligation) -> int:
    """One due obligation's timeliness score: 100 on time, less per started month late, 0
    when it was not published."""
    if obligation.state == ON_TIME:
        return 100
    if obligation.state == LATE:
        months = math.ceil((obligation.days_late or 0) / 30)
        return max(0, 100 - LATE_PENALTY_PER_MONTH * months)
    return 0


def score(organisation: Organisation, today: date | None = None) -> TransparencyScore:
    """The transparency index of ``organisation`` as of ``today``, with its parts."""
    due = [o for o in obligations(organisation, today) if o.state != NOT_DUE]
    years = sorted({o.year for o in due}, reverse=True)[:COVERED_YEARS]
    counted = [o for o in due if o.year in years]
    if not counted:
        return TransparencyScore(None, None, None, [])
    completeness = 100 * sum(o.state in (ON_TIME, LATE) for o in counted) / len(counted)
    timeliness = sum(timeliness_of(o) for o in counted) / len(counted)
    index = WEIGHT_COMPLETENESS * completeness + WEIGHT_TIMELINESS * timeliness
    return TransparencyScore(_round(index), _round(completeness), _round(timeliness), counted)


def refresh_index(organisation: Organisation, today: date | None = None) -> int | None:
    """Compute and store ``organisation``'s index (and the day it was computed); returns it."""
    today = today or timezone.localdate()
    index = score(organisation, today).index
    Organisation.objects.filter(pk=organisation.pk).update(
        transparency_index=index, transparency_computed_on=today
    )
    organisation.transparency_index = index
    organisation.transparency_computed_on = today
    return index
