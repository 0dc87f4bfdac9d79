"""Fixtures of the work network: one community's dispatcher, a department and its handler."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.factories import UserFactory
from accounts.models import User
from communities.models import Community
from governance.factories import (
    CategoryFactory,
    DepartmentFactory,
    dispatcher,
    handler,
    make_event,
)
from governance.models import Category, Event

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """An aware moment in Shenzhen from "2026-11-02 10:00"."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


@pytest.fixture
def department(db):
    return DepartmentFactory(code="urban-management", name="城市管理和综合执法局")


@pytest.fixture
def category(department):
    return CategoryFactory(code="h-fire-lane", name="消防通道堵塞", department=department)


@pytest.fixture
def dispatcher_a(community_a):
    return dispatcher(community_a)


@pytest.fixture
def handler_a(department, community_a):
    return handler(department, community_a)


@pytest.fixture
def resident(db):
    return UserFactory(display_name="老李")


# --- the lifecycle suite: one event's cast, and a way to bring an event to any state --------
# (appended for tests/governance/test_transitions.py, test_lifecycle.py and friends)

LIFE_START = at("2026-11-02 09:00")  # a Monday, far from any holiday
LIFE_STEP = timedelta(minutes=10)


@dataclass
class Crew:
    """The people of one event's life (事件处置): who reports, dispatches and handles it."""

    community: Community
    category: Category
    reporter: User
    dispatcher: User
    handler: User
    _original: Event | None = None

    def report(self, now: datetime = LIFE_START, **fields) -> Event:
        return make_event(self.community, self.category, reporter=self.reporter, now=now, **fields)

    def original(self) -> Event:
        """A live event of the same matter, for duplicates to merge into (made once)."""
        if self._original is None:
            self._original = self.report(title="同一处楼道堆物")
        return self._original


def _act(name: str):
    """The action ``name`` done by the person whose job it is, with valid input."""
    from governance import services

    return {
        "accept": lambda e, c, t: services.accept_event(e, c.dispatcher, now=t),
        "reject": lambda e, c, t: services.reject_event(e, c.dispatcher, "不属于受理范围", now=t),
        "dispatch": lambda e, c, t: services.dispatch_event(e, c.dispatcher, now=t),
        "start": lambda e, c, t: services.start_handling(e, c.handler, now=t),
        "resolve": lambda e, c, t: services.resolve_event(e, c.handler, "纸箱已清走", now=t),
        "return": lambda e, c, t: services.return_event(e, c.handler, "不属本部门职责", now=t),
        "duplicate": lambda e, c, t: services.mark_duplicate(e, c.dispatcher, c.original(), now=t),
        "confirm": lambda e, c, t: services.confirm_event(e, c.reporter, 5, now=t),
        "reopen": lambda e, c, t: services.reopen_event(e, c.reporter, "楼道又堆满了", now=t),
    }[name]


LIFE_ACTIONS = (
    "accept", "reject", "dispatch", "start", "resolve", "return", "duplicate", "confirm", "reopen",
)  # fmt: skip

# The shortest walk from a new report to each state, through the real services.
PATH_TO = {
    "reported": [],
    "accepted": ["accept"],
    "rejected": ["reject"],
    "duplicate": ["duplicate"],
    "dispatched": ["accept", "dispatch"],
    "returned": ["accept", "dispatch", "return"],
    "in_progress": ["accept", "dispatch", "start"],
    "resolved": ["accept", "dispatch", "start", "resolve"],
    "closed": ["accept", "dispatch", "start", "resolve", "confirm"],
    "reopened": ["accept", "dispatch", "start", "resolve", "reopen"],
}


def act(name: str, event: Event, crew: Crew, now: datetime) -> Event:
    return _act(name)(event, crew, now)


def drive_to(crew: Crew, state: str, *, now: datetime = LIFE_START) -> Event:
    """A new report moved to ``state`` one step every ten minutes; returns it fresh."""
    event = crew.report(now=now)
    for number, name in enumerate(PATH_TO[state], start=1):
        act(name, event, crew, now + number * LIFE_STEP)
    event.refresh_from_db()
    assert event.status == state
    return event


@pytest.fixture
def crew(community_a, category, resident, dispatcher_a, handler_a) -> Crew:
    return Crew(community_a, category, resident, dispatcher_a, handler_a)
