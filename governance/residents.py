"""How the work network shows in a resident's account: their reports, their data, and the
handler's right to call them back."""

from django.http import HttpRequest

from accounts.account_sections import SectionItem
from accounts.models import User

from .models import Event
from .scope import may_dispatch, may_handle

RECENT = 20


def my_reports(request: HttpRequest) -> list[SectionItem]:
    """ "Matters I reported" on my account page: the latest, with their state."""
    events = (
        Event.objects.filter(reporter=request.user)
        .select_related("community")
        .order_by("-reported_at")[:RECENT]
    )
    return [
        SectionItem(
            title=f"{event.reference} {event.title}",
            # On the event's own community site: the account page may be on another site.
            url=f"{event.community.get_url(request).rstrip('/')}/events/{event.reference}/",
            status=event.get_status_display(),
            date=event.reported_at,
        )
        for event in events
    ]


def export_reports(user: User) -> list[dict]:
    """The user's reports in their data export (the log's staff names are not theirs)."""
    return [
        {
            "reference": event.reference,
            "title": event.title,
            "description": event.description,
            "location": event.location,
            "category": event.category.name,
            "status": event.status,
            "reported_at": event.reported_at.isoformat(),
            "resolution": event.resolution,
            "satisfaction": event.satisfaction,
        }
        for event in Event.objects.filter(reporter=user).select_related("category")
    ]


def handler_may_call_reporter(staff: User, subject: User) -> bool:
    """The dispatcher or handler of an open event may see its reporter's phone: to call back."""
    open_events = Event.objects.filter(reporter=subject, closed_at=None).select_related(
        "community__subdistrict"
    )[:50]
    return any(may_dispatch(staff, e) or may_handle(staff, e) for e in open_events)


__all__ = ["export_reports", "handler_may_call_reporter", "my_reports"]
