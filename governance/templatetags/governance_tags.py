"""``{% load governance_tags %}``: an event's status and public timeline, wherever a resident
meets it — its own page, or the post (我有话说) it came from.

``{% event_timeline event %}`` shows the status and the public steps (at most 2 queries);
``{% event_status_badge event %}`` the status as an icon and words, never colour alone;
``{% event_status_words event %}`` a plain sentence about what happens next.
"""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from governance.models import Event, EventStatus
from governance.scope import shown_publicly
from governance.services import public_timeline

register = template.Library()

# Icons repeat the words for sighted readers (hidden from screen readers, which read the words).
STATUS_ICONS = {
    EventStatus.REPORTED: "✉",
    EventStatus.ACCEPTED: "✓",
    EventStatus.DISPATCHED: "→",
    EventStatus.IN_PROGRESS: "⚒",
    EventStatus.RESOLVED: "☑",
    EventStatus.CLOSED: "✔",
    EventStatus.REJECTED: "✕",
    EventStatus.RETURNED: "↩",
    EventStatus.DUPLICATE: "⇉",
    EventStatus.REOPENED: "↻",
}

# What the status means for the resident, in the words they would use.
STATUS_WORDS = {
    EventStatus.REPORTED: _("Received. The dispatch centre will accept it or explain why not."),
    EventStatus.ACCEPTED: _("Accepted. It is being passed to the department that handles it."),
    EventStatus.DISPATCHED: _("With the department that handles it, which will start soon."),
    EventStatus.IN_PROGRESS: _("The department is working on it."),
    EventStatus.RESOLVED: _(
        "The department says it is resolved. The reporter can confirm it is settled or reopen it."
    ),
    EventStatus.CLOSED: _("Closed: the matter is settled."),
    EventStatus.REJECTED: _("Not accepted. The reason is in the progress below."),
    EventStatus.RETURNED: _("Being passed to another department."),
    EventStatus.DUPLICATE: _("Merged into another report of the same matter, handled there."),
    EventStatus.REOPENED: _(
        "Reopened: the reporter was not satisfied, and the department is working on it again."
    ),
}


@register.simple_tag
def event_status_badge(event: Event) -> SafeString:
    status = EventStatus(event.status)
    return format_html(
        '<span class="tag event-status event-status--{}"><span aria-hidden="true">{}</span> {}'
        "</span>",
        status.value,
        STATUS_ICONS[status],
        status.label,
    )


@register.simple_tag
def event_status_words(event: Event) -> str:
    return str(STATUS_WORDS[EventStatus(event.status)])


@register.inclusion_tag("governance/includes/event_timeline.html", takes_context=True)
def event_timeline(context: Context, event: Event | None) -> dict:
    """The status and public steps of the event behind a post, for those who may see them.

    A private event (a family matter, or one not accepted) shows only to its reporter here:
    staff read it in the workbench, and checking their area would cost queries in a list.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = event is not None and (
        shown_publicly(event)
        or (user is not None and user.is_authenticated and event.reporter_id == user.pk)
    )
    return {
        "event": event if visible else None,
        "timeline": public_timeline(event) if visible else [],
        "show_status": True,
        "show_link": True,
    }
