"""The lists on "my account" (我的账户): my posts, my complaints, my votes, and later more.

Each section is registered once and rendered for the signed-in user. The built-in sections
("posts", "complaints", "votes") show an honest empty state until the app that owns the data
registers a provider, at import time (in its ``AppConfig.ready``)::

    from accounts.account_sections import SectionItem, register_provider

    def my_posts(request):
        return [SectionItem(p.title, p.url, status=p.get_status_display(), date=p.created_at)
                for p in Post.objects.filter(author=request.user)[:10]]

    register_provider("posts", my_posts)

A provider returns a few recent ``SectionItem``s (keep it to one or two queries), or a
``SectionContent`` when it also wants a "see all" link. An app with a list of its own adds a
whole section instead: ``register_section(code, title, order, render)``, where
``render(request)`` returns a ``SectionContent``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import Residency, User

__all__ = [
    "ResidencySummary",
    "Section",
    "SectionContent",
    "SectionItem",
    "register_provider",
    "register_section",
    "rendered_sections",
    "residency_summary",
]

Text = str | Promise


@dataclass(frozen=True)
class SectionItem:
    """One line of a section: what it is, where it lives and, if any, its status and date."""

    title: str
    url: str = ""
    status: Text = ""
    date: date | datetime | None = None


@dataclass
class SectionContent:
    items: list[SectionItem]
    empty_text: Text
    more_url: str = ""
    more_text: Text = field(default_factory=lambda: _("See all"))


@dataclass(frozen=True)
class Section:
    code: str
    title: Text
    order: int
    render: Callable[[HttpRequest], SectionContent]


_SECTIONS: dict[str, Section] = {}
_PROVIDERS: dict[str, Callable[[HttpRequest], Iterable[SectionItem] | SectionContent]] = {}


def register_section(
    code: str, title: Text, order: int, render: Callable[[HttpRequest], SectionContent]
) -> Section:
    """Add a section (or replace the one with this ``code``); lower ``order`` comes first."""
    section = Section(code, title, order, render)
    _SECTIONS[code] = section
    return section


def register_provider(
    code: str, provider: Callable[[HttpRequest], Iterable[SectionItem] | SectionContent]
) -> None:
    """Fill the built-in section ``code`` ("posts", "complaints", "votes") with real items."""
    if code not in _BUILT_IN:
        raise ValueError(f"No built-in account section {code!r}; use register_section().")
    _PROVIDERS[code] = provider


def rendered_sections(request: HttpRequest) -> list[tuple[Section, SectionContent]]:
    """Every section in order, each rendered for ``request.user``."""
    ordered = sorted(_SECTIONS.values(), key=lambda s: (s.order, s.code))
    return [(section, section.render(request)) for section in ordered]


def _built_in(code: str, empty_text: Text) -> Callable[[HttpRequest], SectionContent]:
    def render(request: HttpRequest) -> SectionContent:
        provider = _PROVIDERS.get(code)
        if provider is None:
            return SectionContent([], empty_text)
        result = provider(request)
        if isinstance(result, SectionContent):
            return result
        return SectionContent(list(result), empty_text)

    return render


_BUILT_IN = {
    "posts": (_("My posts"), 10, _("You have not posted anything yet.")),
    "complaints": (
        _("My complaints and their status"),
        20,
        _("You have not made any complaints or reported any problems yet."),
    ),
    "votes": (_("My votes"), 30, _("You have not voted in any poll yet.")),
}
for _code, (_title, _order, _empty) in _BUILT_IN.items():
    register_section(_code, _title, _order, _built_in(_code, _empty))
del _code, _title, _order, _empty


@dataclass
class ResidencySummary:
    """Where a user stands as a resident (居民认证): verified, waiting, or not approved."""

    verified: Residency | None = None  # the approved one
    pending: Residency | None = None  # the newest request waiting for a decision
    rejected: Residency | None = None  # the newest refusal, if nothing newer replaced it

    @property
    def is_empty(self) -> bool:
        return not (self.verified or self.pending or self.rejected)


def residency_summary(user: User) -> ResidencySummary:
    """The user's residency state for the overview, from their latest requests (one query)."""
    from accounts.models import ResidencyStatus

    summary = ResidencySummary()
    # Newest first; the few latest are enough to find the current state.
    for residency in user.residencies.select_related("community").order_by("-created_at")[:10]:
        if residency.status == ResidencyStatus.APPROVED and summary.verified is None:
            summary.verified = residency
        elif residency.status == ResidencyStatus.PENDING and summary.pending is None:
            summary.pending = residency
        elif (
            residency.status == ResidencyStatus.REJECTED
            and summary.rejected is None
            and summary.pending is None
            and summary.verified is None
        ):
            summary.rejected = residency
    return summary
