"""Who hears about an event, and what they are told (事件通知).

Reporters hear of each public step under the "events" kind, staff of their work under the
"governance" kind; both go through ``notifications.notify`` (inbox now, email after commit).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, RoleGrant, SupervisionLevel, User
from governance.models import Event
from notifications.kinds import register_kind
from notifications.services import notify

__all__ = [
    "REPORTER_KIND",
    "STAFF_KIND",
    "dispatchers_for",
    "handlers_for",
    "notify_reporter",
    "notify_staff",
    "register_public_path",
    "supervisors_for",
]

REPORTER_KIND = "events"
STAFF_KIND = "governance"

register_kind(
    REPORTER_KIND,
    gettext_lazy("Matters I reported"),
    gettext_lazy("Each step of a complaint or report you made: accepted, handled, resolved."),
)
register_kind(
    STAFF_KIND,
    gettext_lazy("Governance work"),
    gettext_lazy("Events assigned to you, deadline warnings and supervision orders."),
)


def _area(prefix: str, event: Event) -> Q:
    community = event.community
    return (
        Q(**{f"{prefix}community_id": community.pk})
        | Q(**{f"{prefix}subdistrict_id": community.subdistrict_id})
        | Q(**{f"{prefix}district_id": community.subdistrict.district_id})
    )


def _users(grants: QuerySet[RoleGrant]) -> QuerySet[User]:
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True)


def dispatchers_for(event: Event) -> QuerySet[User]:
    """The dispatchers of every centre whose area holds the event (community up to city)."""
    grants = RoleGrant.objects.filter(role=Role.DISPATCHER).filter(
        _area("", event) | Q(level=SupervisionLevel.CITY)
    )
    return _users(grants)


def handlers_for(event: Event) -> QuerySet[User]:
    """The assigned handler, or else the handlers of the department's unit for the event."""
    if event.handler_id:
        return User.objects.filter(pk=event.handler_id, is_active=True)
    grants = RoleGrant.objects.filter(
        role=Role.GOVERNANCE_HANDLER, department_id=event.department_id
    ).filter(_area("", event) | Q(community=None, subdistrict=None, district=None))
    return _users(grants)


def supervisors_for(event: Event, level: str) -> QuerySet[User]:
    """The supervisors at ``level`` whose area holds the event."""
    community = event.community
    area = {
        SupervisionLevel.SUBDISTRICT: Q(subdistrict_id=community.subdistrict_id),
        SupervisionLevel.DISTRICT: Q(district_id=community.subdistrict.district_id),
    }.get(level, Q())
    grants = RoleGrant.objects.filter(role=Role.SUPERVISOR, level=level).filter(area)
    return _users(grants)


# Features that show an event on a page of their own (the resident's post it came from) send
# its reporter there: each resolver gives a site-relative path, or "" to leave it to the next.
_PUBLIC_PATHS: list[Callable[[Event], str]] = []


def register_public_path(resolver: Callable[[Event], str]) -> None:
    """Add a resolver of the page a reporter follows their event on (once per resolver)."""
    if resolver not in _PUBLIC_PATHS:
        _PUBLIC_PATHS.append(resolver)


def event_public_path(event: Event) -> str:
    for resolver in _PUBLIC_PATHS:
        path = resolver(event)
        if path:
            return path
    return f"/events/{event.reference}/"


def event_admin_path(event: Event) -> str:
    try:
        return reverse("governance_workbench:event", args=[event.pk])
    except NoReverseMatch:  # the workbench's URLs are registered by its admin hook
        return ""


def notify_reporter(event: Event, title: str, body: str = "") -> None:
    """Tell the reporter (if any) about a public step, on their community's site."""
    reporter = event.reporter
    if reporter is None:
        return
    notify(
        reporter,
        REPORTER_KIND,
        title,
        body,
        event_public_path(event),
        base_url=event.community.get_url().rstrip("/"),
    )


def notify_staff(users, event: Event, title: str, body: str = "") -> int:
    """Tell staff about work on ``event``; returns how many were told."""
    told = 0
    path = event_admin_path(event)
    for user in users:
        if notify(user, STAFF_KIND, title, body, path) is not None:
            told += 1
    return told


def step_title(event: Event, what: str) -> str:
    """ "Your report 2026-0000123 …: <what>" — one pattern for every step."""
    return _("%(reference)s “%(title)s”: %(what)s") % {
        "reference": event.reference,
        "title": event.title[:40],
        "what": what,
    }
