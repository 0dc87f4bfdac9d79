"""How a disclosure's fields read on the admin screens (read-only), and what a correction
changed compared with the version it corrects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organisations.models import Disclosure
from organisations.services.disclosures import KIND_FIELDS

__all__ = ["changes", "field_rows", "shown_value"]

MONEY_FIELDS = frozenset(
    {"total_income", "total_expenditure", "net_assets", "donations_received", "donations_used",
     "funds_raised", "funds_spent"}
)  # fmt: skip


def _label(name: str) -> str:
    return str(Disclosure._meta.get_field(name).verbose_name).capitalize()


def shown_value(disclosure: Disclosure, name: str) -> str:
    value = getattr(disclosure, name)
    if value is None or value == "":
        return "—"
    if name in MONEY_FIELDS and isinstance(value, Decimal):
        return _("%(amount)s yuan") % {"amount": f"{value:,.2f}"}
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    return str(value)


def field_rows(disclosure: Disclosure) -> list[tuple[str, str]]:
    """(label, value) of each structured field of the disclosure's kind."""
    return [
        (_label(name), shown_value(disclosure, name))
        for name in KIND_FIELDS.get(disclosure.kind, [])
    ]


def changes(corrected: Disclosure, correction: Disclosure) -> list[tuple[str, str, str]]:
    """(label, before, after) of each field a correction changed."""
    names = ["title", "body", *KIND_FIELDS.get(correction.kind, [])]
    return [
        (_label(name), shown_value(corrected, name), shown_value(correction, name))
        for name in names
        if getattr(corrected, name) != getattr(correction, name)
    ]
