"""Turning a forum topic into a governance event (转为事件): a moderator chooses the category;
the event is reported for the topic's author through ``governance.services.report_event``,
in one transaction with the topic's link to it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Topic
from forums.services.errors import ForumError, NotAllowed
from governance import services as governance
from governance.models import Category, Event, EventSource
from governance.services import notices as event_notices

from .audit import record
from .items import lock_item
from .notices import require_moderator

__all__ = ["AlreadyEscalated", "escalate_topic", "event_path"]

DESCRIPTION_MAX_LENGTH = 4000  # what report_event accepts


class AlreadyEscalated(ForumError):
    """The topic was turned into an event before; ``event`` and ``url`` name it."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self.url = event_path(event)
        super().__init__(
            _("This topic was already turned into event %(reference)s: %(url)s")
            % {"reference": event.reference, "url": self.url},
            code="already_escalated",
        )


def event_path(event: Event) -> str:
    """The event's public page (its timeline), on its community's site."""
    try:
        return reverse("governance:event_detail", args=[event.reference])
    except NoReverseMatch:
        return f"/events/{event.reference}/"


def _description(topic: Topic) -> str:
    text = (topic.body or "").strip() or topic.title
    if len(text) > DESCRIPTION_MAX_LENGTH:
        text = text[: DESCRIPTION_MAX_LENGTH - 1].rstrip() + "…"
    return text


def escalate_topic(moderator: User, topic: Topic, category: Category, *, note: str = "") -> Event:
    """Turn ``topic`` into a governance event of ``category`` (转为事件); returns the event.

    The topic's author is its reporter (and is told, with the link to its public timeline);
    the event is public when the topic is. A topic already escalated is refused with the
    event's link. If the event cannot be reported (``ForumError`` with governance's reason),
    nothing is saved: neither the event nor the topic's link to it.
    """
    require_moderator(moderator, topic.community)
    if category is None:
        raise ForumError(_("Choose the category of the event."), code="category")
    note = (note or "").strip()[:500]
    with transaction.atomic():
        locked = lock_item(topic)
        if locked.event_id is not None:
            raise AlreadyEscalated(locked.event)
        try:
            event = governance.report_event(
                source=EventSource.FORUM,
                community=locked.community,
                category=category,
                title=locked.title,
                description=_description(locked),
                reporter=locked.author,
                actor=moderator,
                public=locked.is_published,
                source_ref=f"forum-topic-{locked.pk}",
            )
        except ValidationError as error:
            raise ForumError(" ".join(error.messages), code="event_invalid") from error
        except PermissionDenied as error:
            raise NotAllowed(str(error), code="event_refused") from error
        except governance.GovernanceError as error:
            raise ForumError(str(error), code="event_refused") from error
        locked.event = event
        locked.save(update_fields=["event"])
        record(locked, "jiayuan.forum_escalate", moderator, kind="topic",
               event=event.reference, category=category.code, note=note)  # fmt: skip
        event_notices.notify_reporter(
            event,
            _("Your topic “%(title)s” was passed on as event %(reference)s")
            % {"title": locked.title, "reference": event.reference},
            _("A moderator turned your forum topic into a matter for the community to handle. "
              "Follow each step on the event's page."),
        )  # fmt: skip
    topic.event = event
    return event
