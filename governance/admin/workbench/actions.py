"""The actions the event page offers (事件处置): who sees which button, and the service it calls.

``offered`` decides which buttons a user sees in the event's current state; the service called
by ``Action.run`` decides again, under the row lock, whether the action really applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from governance.models import Event, EventStatus
from governance.scope import may_dispatch, may_handle
from governance.services import (
    accept_event,
    add_note,
    confirm_event,
    dispatch_event,
    mark_duplicate,
    may_give_feedback,
    may_work_on,
    reject_event,
    reopen_event,
    resolve_event,
    return_event,
    start_handling,
)

from .forms import (
    ConfirmForm,
    DispatchForm,
    DuplicateForm,
    NoteForm,
    OptionalNoteForm,
    ReasonForm,
    ReopenForm,
    ResolveForm,
)

__all__ = ["ACTIONS", "Action", "offered"]

Run = Callable[[Event, User, dict], object]
S = EventStatus


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form_class: type[forms.Form]
    states: frozenset[str]  # the states in which the button is offered
    may: Callable[[User, Event], bool]
    run: Run
    done: str  # the success message, with %(reference)s
    danger: bool = False
    callback: bool = False  # only for events without a reporter (a hotline call, 回访)

    def offered_to(self, user: User, event: Event) -> bool:
        if event.status not in self.states:
            return False
        if self.callback and event.reporter_id is not None:
            return False
        return self.may(user, event)

    def label_for(self, event: Event) -> str:
        if self.name == "dispatch" and event.status == EventStatus.DISPATCHED:
            return gettext("Re-route")
        return str(self.label)

    def success_message(self, event: Event) -> str:
        return str(self.done) % {"reference": event.reference}


def _dispatch(event: Event, user: User, data: dict):
    return dispatch_event(
        event,
        user,
        department=data["department"],
        handling_level=data["handling_level"],
        handler=data["handler"],
        grid=data["grid"],
        note=data["note"],
    )


def _may_note(user: User, event: Event) -> bool:
    return may_work_on(user, event)


ACTIONS: list[Action] = [
    Action(
        "accept", _("Accept"), OptionalNoteForm, frozenset({S.REPORTED}), may_dispatch,
        lambda e, u, d: accept_event(e, u, note=d["note"]), _("Event %(reference)s accepted."),
    ),
    Action(
        "reject", _("Do not accept"), ReasonForm, frozenset({S.REPORTED}), may_dispatch,
        lambda e, u, d: reject_event(e, u, d["reason"]),
        _("Event %(reference)s was not accepted; the reporter is told why."), danger=True,
    ),
    Action(
        "dispatch", _("Dispatch"), DispatchForm,
        frozenset({S.ACCEPTED, S.RETURNED, S.REOPENED, S.DISPATCHED}), may_dispatch, _dispatch,
        _("Event %(reference)s dispatched."),
    ),
    Action(
        "start", _("Start handling"), OptionalNoteForm, frozenset({S.DISPATCHED, S.REOPENED}),
        may_handle, lambda e, u, d: start_handling(e, u, note=d["note"]),
        _("You are now handling event %(reference)s."),
    ),
    Action(
        "resolve", _("Resolve"), ResolveForm, frozenset({S.IN_PROGRESS}), may_handle,
        lambda e, u, d: resolve_event(e, u, d["resolution"]),
        _("Event %(reference)s resolved; the reporter is asked to confirm."),
    ),
    Action(
        "return", _("Return for re-routing"), ReasonForm,
        frozenset({S.DISPATCHED, S.IN_PROGRESS}), may_handle,
        lambda e, u, d: return_event(e, u, d["reason"]),
        _("Event %(reference)s returned to the dispatch centre."), danger=True,
    ),
    Action(
        "duplicate", _("Merge as a duplicate"), DuplicateForm,
        frozenset({S.REPORTED, S.ACCEPTED, S.RETURNED}), may_dispatch,
        lambda e, u, d: mark_duplicate(e, u, d["original"], note=d["note"]),
        _("Event %(reference)s merged as a duplicate."), danger=True,
    ),
    Action(
        "confirm", _("Caller confirms: settled"), ConfirmForm, frozenset({S.RESOLVED}),
        may_give_feedback,
        lambda e, u, d: confirm_event(e, u, d["satisfaction"], comment=d["comment"]),
        _("Event %(reference)s closed with the caller's confirmation."), callback=True,
    ),
    Action(
        "reopen", _("Caller not satisfied: reopen"), ReopenForm, frozenset({S.RESOLVED}),
        may_give_feedback,
        lambda e, u, d: reopen_event(e, u, d["reason"], satisfaction=d["satisfaction"]),
        _("Event %(reference)s reopened and sent back to the department."), danger=True,
        callback=True,
    ),
    Action(
        "note", _("Add internal note"), NoteForm, frozenset(EventStatus.values), _may_note,
        lambda e, u, d: add_note(e, u, d["note"]), _("Note added to event %(reference)s."),
    ),
]  # fmt: skip

BY_NAME = {action.name: action for action in ACTIONS}


def offered(user: User, event: Event) -> list[Action]:
    """The actions ``user`` may take on ``event`` as it is now, in the page's order."""
    return [action for action in ACTIONS if action.offered_to(user, event)]
