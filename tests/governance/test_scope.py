"""Who works on which events (工作范围): staff outside its area may not act on it or see it."""

from dataclasses import dataclass

import pytest

from accounts.factories import UserFactory
from accounts.models import Role, SupervisionLevel
from communities.factories import DistrictFactory
from communities.models import Community, District, Grid
from governance import services
from governance.factories import (
    CategoryFactory,
    DepartmentFactory,
    dispatcher,
    grant,
    grid_worker,
    handler,
    make_event,
    supervisor,
)
from governance.models import Event, EventAction, EventStatus
from governance.scope import (
    events_in_scope,
    governance_scope,
    may_dispatch,
    may_handle,
    may_supervise,
)
from governance.services import NotAllowed, TransitionError
from tests.conftest import changed_tables, database_rows
from tests.governance.conftest import LIFE_START, act, at

LATER = at("2026-11-02 11:00")


@dataclass
class World:
    """Four events: two in 花果山 (招商街道, 南山区) of two departments, one in 湾厦 (蛇口街道,
    南山区), one in 红荔 (园岭街道, 福田区); two grids in 花果山."""

    crew: object
    a: Community
    b: Community
    c: Community
    department: object
    other_department: object
    nanshan: District
    futian: District
    grid: Grid
    other_grid: Grid
    events: dict[str, Event]


@pytest.fixture
def world(crew, community_b, make_community):
    futian = DistrictFactory(name="福田区", code="440304")
    community_c = make_community(
        district=futian.name, subdistrict="园岭街道", name="红荔社区", slug="ft-hl"
    )
    housing = DepartmentFactory(code="housing", name="住房和建设局", name_en="Housing")
    lifts = CategoryFactory(code="h-lift", name="电梯故障", department=housing)
    grid = Grid.objects.create(community=crew.community, code="HGS-01", name="第一网格")
    other_grid = Grid.objects.create(community=crew.community, code="HGS-02", name="第二网格")
    reporter = crew.reporter
    events = {
        "a": crew.report(grid=grid),
        "a_housing": make_event(crew.community, lifts, reporter=reporter, now=LIFE_START),
        "b": make_event(community_b, crew.category, reporter=reporter, now=LIFE_START),
        "c": make_event(community_c, crew.category, reporter=reporter, now=LIFE_START),
    }
    return World(
        crew, crew.community, community_b, community_c, crew.category.department, housing,
        District.objects.get(name="南山区"), futian, grid, other_grid, events,
    )  # fmt: skip


ALL = {"a", "a_housing", "b", "c"}


def _staff(world: World, who: str):
    """A person of each kind, with one grant (or none)."""
    a, b = world.a, world.b
    return {
        "resident": lambda: UserFactory(),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "city_admin": lambda: _granted(Role.CITY_ADMIN),
        "dispatcher_a": lambda: dispatcher(a),
        "dispatcher_b": lambda: dispatcher(b),
        "dispatcher_zhaoshang": lambda: _granted(
            Role.DISPATCHER, level=SupervisionLevel.SUBDISTRICT, subdistrict=a.subdistrict
        ),
        "dispatcher_shekou": lambda: _granted(
            Role.DISPATCHER, level=SupervisionLevel.SUBDISTRICT, subdistrict=b.subdistrict
        ),
        "dispatcher_nanshan": lambda: _granted(
            Role.DISPATCHER, level=SupervisionLevel.DISTRICT, district=world.nanshan
        ),
        "dispatcher_city": lambda: dispatcher(None),
        "handler_a": lambda: handler(world.department, a),
        "handler_other_department": lambda: handler(world.other_department, a),
        "handler_b": lambda: handler(world.department, b),
        "handler_nanshan": lambda: _granted(
            Role.GOVERNANCE_HANDLER, department=world.department, district=world.nanshan
        ),
        "handler_city": lambda: handler(world.department),
        "supervisor_zhaoshang": lambda: supervisor(
            SupervisionLevel.SUBDISTRICT, subdistrict=a.subdistrict
        ),
        "supervisor_futian": lambda: supervisor(SupervisionLevel.DISTRICT, district=world.futian),
        "supervisor_city": lambda: supervisor(SupervisionLevel.CITY),
        "grid_worker": lambda: grid_worker(world.grid),
        "other_grid_worker": lambda: grid_worker(world.other_grid),
    }[who]()


def _granted(role: str, **scope):
    user = UserFactory()
    grant(user, role, **scope)
    return user


# who → the events they see as staff, and whether they may dispatch, handle, supervise event "a"
SCOPES = [
    ("resident", set(), (False, False, False)),
    ("superuser", ALL, (True, True, True)),
    ("city_admin", ALL, (True, True, True)),
    ("dispatcher_a", {"a", "a_housing"}, (True, False, False)),
    ("dispatcher_b", {"b"}, (False, False, False)),
    ("dispatcher_zhaoshang", {"a", "a_housing"}, (True, False, False)),
    ("dispatcher_shekou", {"b"}, (False, False, False)),
    ("dispatcher_nanshan", {"a", "a_housing", "b"}, (True, False, False)),
    ("dispatcher_city", ALL, (True, False, False)),
    ("handler_a", {"a"}, (False, True, False)),
    ("handler_other_department", {"a_housing"}, (False, False, False)),
    ("handler_b", {"b"}, (False, False, False)),
    ("handler_nanshan", {"a", "b"}, (False, True, False)),
    ("handler_city", {"a", "b", "c"}, (False, True, False)),
    ("supervisor_zhaoshang", {"a", "a_housing"}, (False, False, True)),
    ("supervisor_futian", {"c"}, (False, False, False)),
    ("supervisor_city", ALL, (False, False, True)),
    ("grid_worker", {"a"}, (False, False, False)),
    ("other_grid_worker", set(), (False, False, False)),
]


@pytest.mark.parametrize(("who", "visible", "rights"), SCOPES)
def test_events_in_scope_and_rights(world, who, visible, rights):
    person = _staff(world, who)
    names = {event.pk: name for name, event in world.events.items()}
    seen = {names[pk] for pk in events_in_scope(person).values_list("pk", flat=True)}
    # The crew's own extra events (none here) would show up as unknown keys: fail loudly.
    assert seen == visible
    event = world.events["a"]
    assert (
        may_dispatch(person, event),
        may_handle(person, event),
        may_supervise(person, event),
    ) == rights
    assert services.may_work_on(person, event) is any(rights)


def test_events_in_scope_narrows_the_queryset_it_is_given(world):
    person = _staff(world, "dispatcher_nanshan")
    services.accept_event(world.events["b"], person, now=LATER)
    accepted = Event.objects.filter(status=EventStatus.ACCEPTED)
    assert list(events_in_scope(person, accepted)) == [world.events["b"]]
    assert not events_in_scope(UserFactory(), accepted).exists()


def test_scope_is_read_once_and_kept_on_the_user(world, django_assert_num_queries):
    person = _staff(world, "handler_nanshan")
    person = type(person).objects.get(pk=person.pk)
    governance_scope(person)
    with django_assert_num_queries(0):
        scope = governance_scope(person)
        events_in_scope(person)
    assert scope.handler_units and not scope.dispatch_areas


# --- out-of-scope staff act: refused, nothing changes ---------------------------------------


def _refused(call) -> None:
    before = database_rows()
    with pytest.raises(NotAllowed):
        call()
    assert changed_tables(before, database_rows()) == {}


def test_a_dispatcher_of_another_community_may_not_accept(world):
    event = world.events["a"]
    outsider = _staff(world, "dispatcher_b")
    _refused(lambda: services.accept_event(event, outsider, now=LATER))
    _refused(lambda: services.reject_event(event, outsider, "不归我们", now=LATER))
    services.accept_event(event, _staff(world, "dispatcher_city"), now=LATER)
    assert event.status == EventStatus.ACCEPTED
    _refused(lambda: services.dispatch_event(event, outsider, now=LATER))


@pytest.mark.parametrize("who", ["handler_other_department", "handler_b", "dispatcher_a"])
def test_handlers_outside_the_unit_may_not_start_or_return(world, who):
    event = world.events["a"]
    crew = world.crew
    act("accept", event, crew, LATER)
    act("dispatch", event, crew, LATER)
    outsider = _staff(world, who)
    _refused(lambda: services.start_handling(event, outsider, now=LATER))
    _refused(lambda: services.return_event(event, outsider, "不归我们", now=LATER))


@pytest.mark.parametrize("who", ["handler_nanshan", "handler_city"])
def test_a_district_or_city_unit_of_the_department_may_handle(world, who):
    event = world.events["a"]
    act("accept", event, world.crew, LATER)
    act("dispatch", event, world.crew, LATER)
    person = _staff(world, who)
    services.start_handling(event, person, now=LATER)
    assert event.status == EventStatus.IN_PROGRESS and event.handler == person


def test_a_supervisor_of_another_district_may_not_write_notes(world):
    event = world.events["a"]
    outsider = _staff(world, "supervisor_futian")
    _refused(lambda: services.add_note(event, outsider, "请加快", now=LATER))
    entry = services.add_note(event, _staff(world, "supervisor_zhaoshang"), "请加快", now=LATER)
    assert entry.action == EventAction.NOTE and not entry.is_public


def test_dispatching_to_someone_outside_the_unit_is_refused(world):
    event = world.events["a"]
    crew = world.crew
    act("accept", event, crew, LATER)
    for person in (_staff(world, "handler_b"), _staff(world, "handler_other_department")):
        before = database_rows()
        with pytest.raises(TransitionError) as caught:
            services.dispatch_event(event, crew.dispatcher, handler=person, now=LATER)
        assert person.public_name in str(caught.value)
        assert changed_tables(before, database_rows()) == {}
    foreign_grid = Grid.objects.create(community=world.b, code="WX-01", name="湾厦网格")
    before = database_rows()
    with pytest.raises(TransitionError):
        services.dispatch_event(event, crew.dispatcher, grid=foreign_grid, now=LATER)
    assert changed_tables(before, database_rows()) == {}
    services.dispatch_event(event, crew.dispatcher, handler=crew.handler, now=LATER)
    assert event.handler == crew.handler and event.status == EventStatus.DISPATCHED
