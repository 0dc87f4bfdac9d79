"""The event state machine (事件流转): every allowed transition, every forbidden one, wrong roles.

Events are brought to each state through the real services (``drive_to``); a refused action
must raise and leave every row of the database as it was.
"""

import pytest

from accounts.factories import UserFactory
from governance import services
from governance.models import EventAction, EventLogEntry, EventStatus
from governance.services import EventConflict, NotAllowed, TransitionError
from tests.conftest import changed_tables, database_rows
from tests.governance.conftest import LIFE_ACTIONS, LIFE_START, PATH_TO, act, drive_to

# from-state → action → to-state, the logged action, and who does it.
ALLOWED = [
    ("reported", "accept", "accepted", EventAction.ACCEPT, "dispatcher"),
    ("reported", "reject", "rejected", EventAction.REJECT, "dispatcher"),
    ("reported", "duplicate", "duplicate", EventAction.DUPLICATE, "dispatcher"),
    ("accepted", "dispatch", "dispatched", EventAction.DISPATCH, "dispatcher"),
    ("accepted", "duplicate", "duplicate", EventAction.DUPLICATE, "dispatcher"),
    ("returned", "dispatch", "dispatched", EventAction.DISPATCH, "dispatcher"),
    ("returned", "duplicate", "duplicate", EventAction.DUPLICATE, "dispatcher"),
    ("reopened", "dispatch", "dispatched", EventAction.DISPATCH, "dispatcher"),
    ("dispatched", "dispatch", "dispatched", EventAction.REROUTE, "dispatcher"),
    ("dispatched", "start", "in_progress", EventAction.START, "handler"),
    ("reopened", "start", "in_progress", EventAction.START, "handler"),
    ("in_progress", "resolve", "resolved", EventAction.RESOLVE, "handler"),
    ("dispatched", "return", "returned", EventAction.RETURN, "handler"),
    ("in_progress", "return", "returned", EventAction.RETURN, "handler"),
    ("resolved", "confirm", "closed", EventAction.CONFIRM, "reporter"),
    ("resolved", "reopen", "reopened", EventAction.REOPEN, "reporter"),
]
# Steps the reporter sees on their timeline; a return is the department's internal matter.
PUBLIC = {name: name != "return" for name in LIFE_ACTIONS}

ALLOWED_FROM = {}
for _from, _action, *_rest in ALLOWED:
    ALLOWED_FROM.setdefault(_action, set()).add(_from)
FORBIDDEN = [
    (action, state)
    for action in LIFE_ACTIONS
    for state in EventStatus.values
    if state not in ALLOWED_FROM[action]
]


def test_the_tables_cover_every_action_and_state():
    assert set(ALLOWED_FROM) == set(LIFE_ACTIONS)
    assert set(PATH_TO) == set(EventStatus.values)
    assert len(FORBIDDEN) + len(ALLOWED) == len(LIFE_ACTIONS) * len(EventStatus.values)


@pytest.mark.parametrize(("from_state", "action", "to_state", "logged", "who"), ALLOWED)
def test_allowed_transition(crew, from_state, action, to_state, logged, who):
    event = drive_to(crew, from_state)
    crew.original()  # made before counting, for a duplicate to merge into
    entries = event.log.count()
    moment = LIFE_START.replace(hour=11)

    returned = act(action, event, crew, moment)

    assert returned.status == event.status == to_state
    event.refresh_from_db()
    assert event.status == to_state
    assert event.log.count() == entries + 1
    entry = event.log.order_by("created_at", "pk").last()
    assert (entry.action, entry.from_status, entry.to_status) == (logged, from_state, to_state)
    assert entry.actor == getattr(crew, who)
    assert entry.created_at == moment
    assert entry.is_public is PUBLIC[action]


@pytest.mark.parametrize(("action", "state"), FORBIDDEN)
def test_forbidden_transition_raises_and_changes_nothing(crew, action, state):
    event = drive_to(crew, state)
    crew.original()
    before = database_rows()

    with pytest.raises(TransitionError) as caught:
        act(action, event, crew, LIFE_START.replace(hour=11))

    # The event was not changed by someone else: a plain refusal, not a conflict.
    assert type(caught.value) is TransitionError
    assert str(EventStatus(state).label) in str(caught.value)
    assert changed_tables(before, database_rows()) == {}
    assert event.status == state


def test_a_stale_view_of_the_event_gets_a_conflict(crew):
    event = drive_to(crew, "reported")
    stale = type(event).objects.get(pk=event.pk)
    services.accept_event(event, crew.dispatcher, now=LIFE_START.replace(hour=10))
    before = database_rows()
    with pytest.raises(EventConflict) as caught:
        services.reject_event(stale, crew.dispatcher, "重复", now=LIFE_START.replace(hour=11))
    assert event.reference in str(caught.value)
    assert changed_tables(before, database_rows()) == {}


# --- wrong role ------------------------------------------------------------------------------

RESIDENT_TRIES = {
    "accept": lambda e, u, c, t: services.accept_event(e, u, now=t),
    "reject": lambda e, u, c, t: services.reject_event(e, u, "不管", now=t),
    "dispatch": lambda e, u, c, t: services.dispatch_event(e, u, now=t),
    "start": lambda e, u, c, t: services.start_handling(e, u, now=t),
    "resolve": lambda e, u, c, t: services.resolve_event(e, u, "好了", now=t),
    "return": lambda e, u, c, t: services.return_event(e, u, "不归我", now=t),
    "confirm": lambda e, u, c, t: services.confirm_event(e, u, 5, now=t),
    "reopen": lambda e, u, c, t: services.reopen_event(e, u, "没修好", now=t),
    "note": lambda e, u, c, t: services.add_note(e, u, "看看", now=t),
}
# (person, action, state in which the action would be allowed for the right person)
WRONG_ROLE = [
    *[("resident", action, state) for action, state in [
        ("accept", "reported"), ("reject", "reported"), ("dispatch", "accepted"),
        ("start", "dispatched"), ("resolve", "in_progress"), ("return", "dispatched"),
        ("note", "reported"),
    ]],
    ("reporter", "accept", "reported"),
    ("reporter", "start", "dispatched"),
    ("reporter", "resolve", "in_progress"),
    ("handler", "accept", "reported"),
    ("handler", "reject", "reported"),
    ("handler", "dispatch", "accepted"),
    ("handler", "dispatch", "returned"),
    ("dispatcher", "start", "dispatched"),
    ("dispatcher", "resolve", "in_progress"),
    ("dispatcher", "return", "in_progress"),
    ("resident", "confirm", "resolved"),
    ("resident", "reopen", "resolved"),
    ("dispatcher", "confirm", "resolved"),
    ("handler", "confirm", "resolved"),
    ("handler", "reopen", "resolved"),
]  # fmt: skip


@pytest.mark.parametrize(("who", "action", "state"), WRONG_ROLE)
def test_wrong_role_is_not_allowed_and_changes_nothing(crew, who, action, state):
    event = drive_to(crew, state)
    person = UserFactory(username="passer-by") if who == "resident" else getattr(crew, who)
    before = database_rows()

    with pytest.raises(NotAllowed) as caught:
        RESIDENT_TRIES[action](event, person, crew, LIFE_START.replace(hour=11))

    assert event.reference in str(caught.value)
    assert changed_tables(before, database_rows()) == {}
    event.refresh_from_db()
    assert event.status == state


@pytest.mark.parametrize("who", ["resident", "handler", "reporter"])
def test_only_dispatchers_merge_duplicates(crew, who):
    event = drive_to(crew, "reported")
    original = crew.original()
    person = UserFactory(username="passer-by") if who == "resident" else getattr(crew, who)
    before = database_rows()
    with pytest.raises(NotAllowed):
        services.mark_duplicate(event, person, original, now=LIFE_START.replace(hour=11))
    assert changed_tables(before, database_rows()) == {}


def test_anonymous_and_inactive_users_may_do_nothing(crew):
    from django.contrib.auth.models import AnonymousUser

    event = drive_to(crew, "reported")
    crew.dispatcher.is_active = False
    crew.dispatcher.save(update_fields=["is_active"])
    inactive = type(crew.dispatcher).objects.get(pk=crew.dispatcher.pk)
    for person in (AnonymousUser(), inactive):
        with pytest.raises(NotAllowed):
            services.accept_event(event, person, now=LIFE_START.replace(hour=11))
    assert not EventLogEntry.objects.filter(event=event, action=EventAction.ACCEPT).exists()


def test_a_dispatch_from_a_stale_page_is_a_conflict_not_a_silent_reroute(crew):
    from governance.factories import DepartmentFactory

    event = drive_to(crew, "accepted")
    stale = type(event).objects.get(pk=event.pk)
    housing = DepartmentFactory(code="housing", name="住房和建设局")
    services.dispatch_event(event, crew.dispatcher, now=LIFE_START.replace(hour=11))
    before = database_rows()
    # Re-routing is allowed from "dispatched", but this dispatcher saw "accepted".
    with pytest.raises(EventConflict):
        services.dispatch_event(
            stale, crew.dispatcher, department=housing, now=LIFE_START.replace(hour=12)
        )
    assert changed_tables(before, database_rows()) == {}


def test_no_merge_into_an_original_rejected_meanwhile(crew):
    event = drive_to(crew, "reported")
    original = crew.original()
    stale_original = type(original).objects.get(pk=original.pk)
    act("reject", original, crew, LIFE_START.replace(hour=10))
    with pytest.raises(TransitionError):
        services.mark_duplicate(
            event, crew.dispatcher, stale_original, now=LIFE_START.replace(hour=11)
        )
    event.refresh_from_db()
    assert event.status == EventStatus.REPORTED
