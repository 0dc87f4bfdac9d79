"""``{% load service_catalogue %}``: an item's or a service point's text in the page's
language — ``{{ item|localized:"summary" }}`` (English when the page is English and there is
an English text, else Chinese) and ``{{ item|lines:"materials" }}`` (a one-per-line field
as a list)."""

from __future__ import annotations

from django import template

register = template.Library()

LOCALIZED = frozenset(
    {
        "name", "summary", "eligibility", "materials", "steps", "processing_time", "fee",
        "legal_basis", "elsewhere", "location", "hours",
    }
)  # fmt: skip


@register.filter
def localized(obj, field: str) -> str:
    """A bilingual text of a catalogue item, category or service point."""
    if field not in LOCALIZED:
        raise template.TemplateSyntaxError(f"{field!r} is not a bilingual field")
    return obj.localized(field)


@register.filter
def lines(item, field: str) -> list[str]:
    """A one-per-line field of an item (materials, steps) as a list, in the page's language."""
    if field not in ("materials", "steps"):
        raise template.TemplateSyntaxError(f"{field!r} is not a one-per-line field")
    return item.lines(field)
