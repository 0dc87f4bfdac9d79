"""What the public pages of social organisations share: the current (latest published)
disclosures, index bands, money and the structured fields of a disclosure."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import formats
from django.utils.text import capfirst

from organisations.models import Disclosure, DisclosureStatus

__all__ = [
    "current_published",
    "field_rows",
    "index_band",
    "money",
]

PUBLISHED = DisclosureStatus.PUBLISHED
# Fields written as prose (people in charge, governance, how donations were used, outcome):
# shown as paragraphs, sanitised like any text typed into the site.
TEXT_FIELDS = {"people_in_charge", "governance", "donation_use", "outcome"}


def current_published(queryset: QuerySet[Disclosure] | None = None) -> QuerySet[Disclosure]:
    """Published disclosures that no published correction replaces (the current versions)."""
    queryset = Disclosure.objects.all() if queryset is None else queryset
    corrected = Disclosure.objects.filter(supersedes=OuterRef("pk"), status=PUBLISHED)
    return queryset.filter(status=PUBLISHED).exclude(Exists(corrected))


def index_band(index: int | None) -> str:
    """A word for a transparency index, for styling only (the number is always shown)."""
    if index is None:
        return "none"
    if index >= 80:
        return "high"
    if index >= 60:
        return "medium"
    return "low"


def money(value: Decimal | int | None) -> str:
    """``¥1,234,567.00`` (``-¥2,500.25``): yuan with thousands separators, in every language."""
    if value is None:
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def _display(name: str, value: Any) -> tuple[str, Any]:
    """("money"|"date"|"number"|"text"|"line", the value to show)."""
    if isinstance(value, Decimal):
        return "money", money(value)
    if isinstance(value, datetime.date):
        return "date", formats.date_format(value, "Y-m-d")
    if isinstance(value, int):
        return "number", formats.number_format(value, force_grouping=True)
    if name in TEXT_FIELDS:
        return "text", value
    return "line", value


def field_rows(disclosure: Disclosure, names: list[str]) -> list[dict[str, Any]]:
    """The disclosure's filled structured fields ``names``: label (the model's verbose name),
    how to show it and the value."""
    rows = []
    for name in names:
        value = getattr(disclosure, name, None)
        if value is None or value == "":
            continue
        field = Disclosure._meta.get_field(name)
        how, shown = _display(name, value)
        rows.append(
            {"name": name, "label": capfirst(field.verbose_name), "how": how, "value": shown}
        )
    return rows
