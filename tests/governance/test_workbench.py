"""The governance workbench in the Wagtail admin: queues, the event page and its actions,
the dispatcher's report form, the menu — each seen by the role it is for, and by no other."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.users.models import UserProfile

from accounts.models import SupervisionLevel
from accounts.privacy.reveal import PI_REVEAL_ACTION
from accounts.services.roles import staff_group
from governance.admin.workbench.menu import work_network_menu_item
from governance.factories import dispatcher, handler, make_event, supervisor
from governance.models import (
    Event,
    EventAction,
    EventLogEntry,
    EventPhoto,
    EventSource,
    EventStatus,
)
from governance.services import (
    accept_event,
    dispatch_event,
    report_event,
    resolve_event,
    scan_checkpoints,
    start_handling,
)
from tests.governance.conftest import at

NOW = at("2026-11-02 10:00")
NS = "governance_workbench"


def url(name: str, *args) -> str:
    return reverse(f"{NS}:{name}", args=args)


def client_for(user) -> Client:
    """An admin client for ``user`` (staff access, as ``grant_role`` gives; English admin)."""
    user.groups.add(staff_group())
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dispatcher_b(community_b):
    return dispatcher(community_b)


@pytest.fixture
def event_a(community_a, category):
    return make_event(community_a, category, now=NOW, title="A楼道堆物")


@pytest.fixture
def event_b(community_b, category):
    return make_event(community_b, category, now=NOW, title="B楼道堆物")


def name_of(user) -> str:
    """The public name as the (English) admin shows it."""
    with translation.override("en"):
        return user.public_name


def dispatched(event, by, to=None):
    accept_event(event, by, now=NOW)
    return dispatch_event(event, by, handler=to, now=NOW)


def listing(client, name, **params) -> str:
    response = client.get(url(name), params)
    assert response.status_code == 200
    return response.content.decode()


# --- queues -----------------------------------------------------------------------------


def test_dispatch_queue_lists_the_centres_events_only(dispatcher_a, event_a, event_b):
    page = listing(client_for(dispatcher_a), "dispatch")
    assert event_a.reference in page and event_b.reference not in page
    assert url("event", event_a.pk) in page


def test_dispatch_queue_leaves_out_dispatched_events(dispatcher_a, event_a, category, community_a):
    other = make_event(community_a, category, now=NOW, title="另一件")
    dispatched(other, dispatcher_a)
    page = listing(client_for(dispatcher_a), "dispatch")
    assert event_a.reference in page and other.reference not in page


def test_overdue_deadline_is_said_in_words(dispatcher_a, event_a, category, community_a):
    fresh = make_event(community_a, category, title="刚报的")  # reported now: time left
    page = listing(client_for(dispatcher_a), "dispatch", q=fresh.reference)
    assert fresh.reference in page and "overdue</strong>" not in page
    page = listing(client_for(dispatcher_a), "dispatch", q=event_a.reference)
    assert "overdue</strong>" in page  # reported weeks ago: its accept deadline passed


def test_my_events_are_the_units_events_and_the_toggle_narrows_to_mine(
    handler_a, department, dispatcher_a, dispatcher_b, community_a, category, event_a, event_b
):
    colleague = handler(department, community_a)
    mine = make_event(community_a, category, now=NOW, title="派给我")
    dispatched(mine, dispatcher_a, to=handler_a)
    dispatched(event_a, dispatcher_a, to=colleague)
    dispatched(event_b, dispatcher_b)
    client = client_for(handler_a)
    page = listing(client, "mine")
    assert mine.reference in page and event_a.reference in page
    assert event_b.reference not in page
    page = listing(client, "mine", assigned="me")
    assert mine.reference in page and event_a.reference not in page


def test_overdue_list_is_the_supervised_areas_late_events(community_a, event_a, event_b):
    scan_checkpoints(now=NOW + timedelta(days=3))
    assert Event.objects.get(pk=event_a.pk).is_overdue
    local = supervisor(SupervisionLevel.SUBDISTRICT, subdistrict=community_a.subdistrict)
    page = listing(client_for(local), "overdue")
    assert event_a.reference in page and event_b.reference not in page
    assert "Subdistrict" in page  # the level that supervises it
    page = listing(client_for(supervisor(SupervisionLevel.CITY)), "overdue")
    assert event_a.reference in page and event_b.reference in page


def test_all_events_filters_and_search(dispatcher_a, event_a, category, community_a, community_b):
    other = make_event(community_a, category, now=NOW, title="噪音扰民")
    accept_event(other, dispatcher_a, now=NOW)
    client = client_for(dispatcher(None))  # the city's centre: every community
    assert other.reference in listing(client, "events")
    by_status = listing(client, "events", status=EventStatus.ACCEPTED)
    assert other.reference in by_status and event_a.reference not in by_status
    by_search = listing(client, "events", q="噪音")
    assert other.reference in by_search and event_a.reference not in by_search
    elsewhere = listing(client, "events", community=community_b.name)
    assert event_a.reference not in elsewhere
    assert event_a.reference in listing(client, "events", community=community_a.name[:2])
    assert event_a.reference not in listing(client, "events", overdue="yes")
    assert event_a.reference in listing(client, "events", source=EventSource.PORTAL)
    assert event_a.reference not in listing(client, "events", source=EventSource.HOTLINE)
    dated = listing(client, "events", reported_from="2026-11-03", reported_to="2026-11-30")
    assert event_a.reference not in dated
    dated = listing(client, "events", reported_from="2026-11-02", reported_to="2026-11-02")
    assert event_a.reference in dated


def test_dispatch_queue_costs_the_same_for_3_and_10_events(dispatcher_a, category, community_a):
    client = client_for(dispatcher_a)
    handler_x = handler(category.department, community_a)

    def count() -> int:
        client.get(url("dispatch"))  # warm process-wide caches first
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("dispatch")).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            event = make_event(community_a, category, now=NOW, title=f"事件{i}")
            if i % 2:  # some accepted and assigned: handler and deadline columns filled
                accept_event(event, dispatcher_a, now=NOW)
                Event.objects.filter(pk=event.pk).update(handler=handler_x)

    add(3)
    with_three = count()
    add(7)
    assert count() == with_three


# --- who may see what -------------------------------------------------------------------


def test_menu_shows_the_entries_of_the_users_roles(dispatcher_a, handler_a, editor_a):
    menu = work_network_menu_item()

    def entries(user) -> set[str]:
        request = RequestFactory().get("/admin/")
        request.user = user
        return {item.name for item in menu.menu.menu_items_for_request(request)}

    assert entries(dispatcher_a) == {"dispatch-queue", "all-events", "report-event"}
    assert entries(handler_a) == {"my-events", "all-events"}
    assert entries(supervisor(SupervisionLevel.CITY)) == {"overdue-events", "all-events"}
    assert entries(editor_a) == set()
    request = RequestFactory().get("/admin/")
    request.user = editor_a
    assert not menu.is_shown(request)
    home = client_for(dispatcher_a).get(reverse("wagtailadmin_home")).content.decode()
    assert "Work network" in home and url("dispatch") in home


@pytest.mark.parametrize("name", ["dispatch", "mine", "overdue", "events", "report"])
def test_staff_without_governance_roles_are_refused(editor_a, name):
    assert client_for(editor_a).get(url(name)).status_code == 403


def test_queues_need_their_role(dispatcher_a, handler_a):
    assert client_for(dispatcher_a).get(url("mine")).status_code == 403
    assert client_for(dispatcher_a).get(url("overdue")).status_code == 403
    assert client_for(handler_a).get(url("dispatch")).status_code == 403
    assert client_for(handler_a).get(url("report")).status_code == 403


def test_residents_get_no_access(resident, event_a):
    client = Client()
    client.force_login(resident)
    for target in (url("dispatch"), url("events"), url("event", event_a.pk)):
        response = client.get(target)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(url("event", event_a.pk), {"action": "accept"})
    assert response.status_code == 302
    assert Event.objects.get(pk=event_a.pk).status == EventStatus.REPORTED


def test_event_page_outside_the_scope_is_not_found(dispatcher_b, editor_a, event_a):
    assert client_for(dispatcher_b).get(url("event", event_a.pk)).status_code == 404
    assert client_for(editor_a).get(url("event", event_a.pk)).status_code == 404
    response = client_for(dispatcher_b).post(url("event", event_a.pk), {"action": "accept"})
    assert response.status_code == 404


# --- the event page ---------------------------------------------------------------------


def test_event_page_shows_facts_timeline_and_the_roles_actions(dispatcher_a, event_a, handler_a):
    event_a.reporter.phone = "+8613812345678"
    event_a.reporter.save()
    EventPhoto.objects.create(event=event_a, image=ContentFile(b"jpeg", name="x.jpg"))
    page = client_for(dispatcher_a).get(url("event", event_a.pk)).content.decode()
    assert event_a.reference in page and escape(event_a.description) in page
    assert name_of(event_a.reporter) in page and "+8613812345678" not in page
    assert reverse("governance:event_photo", args=[event_a.photos.get().pk]) in page
    assert 'value="accept"' in page and 'value="reject"' in page
    assert 'value="resolve"' not in page
    page = client_for(handler_a).get(url("event", event_a.pk)).content.decode()
    assert 'value="accept"' not in page and 'value="note"' in page


def test_reporters_phone_is_shown_on_request_and_logged(dispatcher_a, event_a):
    from wagtail.models import ModelLogEntry

    event_a.reporter.phone = "+8613812345678"
    event_a.reporter.save()
    response = client_for(dispatcher_a).post(url("event", event_a.pk), {"action": "reveal"})
    assert response.status_code == 200 and "+8613812345678" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert ModelLogEntry.objects.filter(action=PI_REVEAL_ACTION, user=dispatcher_a).count() == 1


def act(client, event, action, expect=302, **fields):
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    response = client.post(url("event", event.pk), data)
    assert response.status_code == expect, response.content.decode()[-3000:]
    if expect == 302:
        assert response["Location"] == url("event", event.pk)
    event.refresh_from_db()
    return response


def test_a_hotline_event_travels_the_whole_way_through_the_buttons(
    dispatcher_a, handler_a, event_a
):
    desk, unit = client_for(dispatcher_a), client_for(handler_a)
    act(desk, event_a, "accept", note="已电话核实")
    assert event_a.status == EventStatus.ACCEPTED
    after = desk.get(url("event", event_a.pk)).content.decode()  # redirected here
    assert f"Event {event_a.reference} accepted." in after
    act(desk, event_a, "dispatch", department=event_a.department_id,
        handling_level="community", handler=handler_a.pk, grid="")  # fmt: skip
    assert event_a.status == EventStatus.DISPATCHED and event_a.handler == handler_a
    act(unit, event_a, "start")
    assert event_a.status == EventStatus.IN_PROGRESS
    act(unit, event_a, "note", note="约了物业明早清理")
    act(unit, event_a, "resolve", resolution="物业已清空楼道")
    assert event_a.status == EventStatus.RESOLVED
    timeline = desk.get(url("event", event_a.pk)).content.decode()
    assert "约了物业明早清理" in timeline and name_of(handler_a) in timeline
    assert "internal" in timeline


def test_return_and_duplicate_and_reject(dispatcher_a, handler_a, event_a, category, community_a):
    desk, unit = client_for(dispatcher_a), client_for(handler_a)
    dispatched(event_a, dispatcher_a)
    act(unit, event_a, "return", reason="不属于城管")
    assert event_a.status == EventStatus.RETURNED
    again = make_event(community_a, category, now=NOW, title="同一件事")
    act(desk, again, "duplicate", original=event_a.reference)
    assert again.status == EventStatus.DUPLICATE and again.duplicate_of == event_a
    third = make_event(community_a, category, now=NOW, title="不归我们管")
    act(desk, third, "reject", reason="属于民事纠纷，请走诉讼")
    assert third.status == EventStatus.REJECTED


def hotline_event(dispatcher_a, handler_a, community_a, category):
    event = report_event(
        source=EventSource.HOTLINE, community=community_a, category=category,
        title="来电：路灯不亮", description="3栋门口路灯坏了", actor=dispatcher_a, now=NOW,
    )  # fmt: skip
    dispatched(event, dispatcher_a, to=handler_a)
    start_handling(event, handler_a, now=NOW)
    return resolve_event(event, handler_a, "已更换灯泡", now=NOW)


def test_dispatcher_records_the_callers_answer(dispatcher_a, handler_a, community_a, category):
    desk = client_for(dispatcher_a)
    settled = hotline_event(dispatcher_a, handler_a, community_a, category)
    page = desk.get(url("event", settled.pk)).content.decode()
    assert 'value="confirm"' in page and 'value="reopen"' in page
    act(desk, settled, "confirm", satisfaction="4")
    assert settled.status == EventStatus.CLOSED and settled.satisfaction == 4
    unhappy = hotline_event(dispatcher_a, handler_a, community_a, category)
    act(desk, unhappy, "reopen", reason="灯又不亮了", satisfaction="2")
    assert unhappy.status == EventStatus.REOPENED


@pytest.mark.parametrize(
    ("who", "action", "fields", "error"),
    [
        ("handler", "resolve", {"resolution": " "}, "Say what was done"),
        ("dispatcher", "accept", {}, "cannot be done to an event that is"),
        ("dispatcher", "reject", {"reason": ""}, "Give the reason"),
        ("handler", "accept", {}, "You may not do this"),
        ("dispatcher", "duplicate", {"original": "2099-9999999"}, "There is no event"),
        ("dispatcher", "confirm", {"satisfaction": "4"}, "You may not do this"),  # not the caller
        ("handler", "start", {}, "cannot be done to an event that is"),
        ("dispatcher", "no-such-action", {}, "There is no such action"),
        ("dispatcher", "dispatch", {"handling_level": "galaxy", "handler": "0"}, "valid choice"),
    ],
)
def test_refused_actions_change_nothing(
    dispatcher_a, handler_a, event_a, who, action, fields, error
):
    accept_event(event_a, dispatcher_a, now=NOW)
    if action == "resolve":
        dispatch_event(event_a, dispatcher_a, handler=handler_a, now=NOW)
        start_handling(event_a, handler_a, now=NOW)
    before = (EventLogEntry.objects.count(), Event.objects.get(pk=event_a.pk).status)
    client = client_for(handler_a if who == "handler" else dispatcher_a)
    response = act(client, event_a, action, expect=400, **fields)
    assert escape(error) in response.content.decode() or error in response.content.decode()
    assert (EventLogEntry.objects.count(), event_a.status) == before


def test_an_action_on_a_stale_page_is_a_conflict(dispatcher_a, event_a):
    client = client_for(dispatcher_a)
    accept_event(event_a, dispatcher(None), now=NOW)  # another dispatcher was quicker
    count = EventLogEntry.objects.count()
    response = act(client, event_a, "reject", expect=400, reason="重复", seen="reported")
    assert "Someone else changed event" in response.content.decode()
    assert EventLogEntry.objects.count() == count and event_a.status == EventStatus.ACCEPTED


# --- the report form --------------------------------------------------------------------


def test_dispatcher_reports_a_hotline_call(dispatcher_a, community_a, category):
    response = client_for(dispatcher_a).post(
        url("report"),
        {"source": EventSource.HOTLINE, "source_ref": "GD20261102001", "community": community_a.pk,
         "category": category.pk, "title": "来电：井盖缺失", "description": "5栋旁井盖不见了",
         "location": "5栋旁", "building": "", "priority": "high"},
    )  # fmt: skip
    event = Event.objects.get(source_ref="GD20261102001")
    assert response.status_code == 302 and response["Location"] == url("event", event.pk)
    assert event.source == EventSource.HOTLINE and event.reporter is None
    assert event.priority == "high" and event.community == community_a
    assert event.log.get().action == EventAction.REPORT


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"community": "other"}, "community"),
        ({"category": "0"}, "category"),
    ],
)
def test_bad_reports_are_refused_with_errors(
    dispatcher_a, community_a, community_b, category, change, field
):
    data = {"source": EventSource.HOTLINE, "community": community_a.pk, "category": category.pk,
            "title": "来电", "description": "描述"}  # fmt: skip
    data.update(change)
    if data["community"] == "other":
        data["community"] = community_b.pk  # not in this dispatcher's area
    response = client_for(dispatcher_a).post(url("report"), data)
    assert response.status_code == 400
    assert f'id="id_{field}"' in response.content.decode()
    assert "error" in response.content.decode()
    assert not Event.objects.exists()


def test_report_form_offers_only_the_dispatchers_communities(dispatcher_a, community_b):
    page = client_for(dispatcher_a).get(url("report")).content.decode()
    assert "花果山社区" in page and community_b.name not in page
