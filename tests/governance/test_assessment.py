"""Assessment (考核): the figures per department, community and period, and the admin report.

Events are made and moved through the real services with injected times. The category's
deadlines: accept within 4 working hours, resolve within 3 working days (09:00–12:00 and
14:00–18:00, Monday–Friday); 2026-11-02 is a Monday.
"""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import SupervisionLevel
from accounts.services.roles import staff_group
from communities.factories import DistrictFactory
from governance.factories import (
    CategoryFactory,
    DepartmentFactory,
    dispatcher,
    handler,
    make_event,
    supervisor,
)
from governance.scope import events_in_scope
from governance.services import (
    accept_event,
    confirm_event,
    dispatch_event,
    reject_event,
    reopen_event,
    resolve_event,
    scan_checkpoints,
    start_handling,
)
from governance.services.assessment import (
    GroupBy,
    Period,
    assess,
    assessment_total,
    period_bounds,
)
from tests.conftest import said, shown

from .conftest import at

NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}
DATES = {"start": "2026-11-01", "end": "2026-11-30"}
URL = "/admin/governance/assessment/"


def handled(event, dispatcher_user, handler_user, *, accepted, resolved):
    """Accept, dispatch, start and resolve ``event`` at the given moments."""
    accept_event(event, dispatcher_user, now=at(accepted))
    dispatch_event(event, dispatcher_user, now=at(accepted))
    start_handling(event, handler_user, now=at(accepted))
    resolve_event(event, handler_user, "已清理楼道杂物。", now=at(resolved))


@pytest.fixture
def network(community_a, community_b, department, category):
    """Urban management: A (on time, 4 stars), B (late, overdue, reopened twice, 5 stars),
    C (never answered, overdue). Housing: D (rejected on time, last day of November).
    E (1 December) is outside November."""
    housing = DepartmentFactory(code="housing", name="住房和建设局", name_en="Housing")
    repairs = CategoryFactory(code="h-lift", name="电梯故障", department=housing)
    desk_a, desk_b = dispatcher(community_a), dispatcher(community_b)
    urban = handler(department)
    a = make_event(community_a, category, now=at("2026-11-02 10:00"))
    b = make_event(community_a, category, now=at("2026-11-02 10:00"))
    c = make_event(community_b, category, now=at("2026-11-02 10:00"))
    d = make_event(community_b, repairs, now=at("2026-11-30 23:59"))
    e = make_event(community_a, repairs, now=at("2026-12-01 00:00"))

    # A: accepted within the hour, resolved the next day (26 hours after the report).
    handled(a, desk_a, urban, accepted="2026-11-02 11:00", resolved="2026-11-03 12:00")
    confirm_event(a, a.reporter, 4, now=at("2026-11-03 13:00"))
    # The scan after the 16:00 accept deadline: B and C are overdue.
    assert scan_checkpoints(now=at("2026-11-02 17:00")).overdue == 2
    # B: accepted late, resolved, reopened twice, last resolved 96 hours after the report.
    handled(b, desk_a, urban, accepted="2026-11-03 10:00", resolved="2026-11-04 10:00")
    reopen_event(b, b.reporter, "楼道又堆满了。", satisfaction=2, now=at("2026-11-04 11:00"))
    start_handling(b, urban, now=at("2026-11-04 11:00"))
    resolve_event(b, urban, "已再次清理并张贴告示。", now=at("2026-11-05 10:00"))
    reopen_event(b, b.reporter, "告示被撕了，又堆上了。", now=at("2026-11-05 11:00"))
    start_handling(b, urban, now=at("2026-11-05 11:00"))
    resolve_event(b, urban, "物业已安排每日巡查。", now=at("2026-11-06 10:00"))
    confirm_event(b, b.reporter, 5, now=at("2026-11-06 11:00"))
    # D: not a matter for the network, answered at 09:30 the next working morning.
    reject_event(d, desk_b, "电梯属物业维保范围。", now=at("2026-12-01 09:30"))
    return {"housing": housing, "events": (a, b, c, d, e), "dispatcher": desk_a}


@pytest.fixture
def one_event(community_a, category):
    return make_event(community_a, category, now=at("2026-11-02 10:00"))


def figures(row) -> dict:
    return {
        "received": row.received,
        "accepted_on_time": row.accepted_on_time,
        "accepted_late": row.accepted_late,
        "resolved": row.resolved,
        "resolved_on_time": row.resolved_on_time,
        "overdue": row.overdue,
        "reopened": row.reopened,
        "reopens": row.reopens,
        "avg_satisfaction": row.avg_satisfaction,
        "avg_handling_hours": row.avg_handling_hours,
    }


def test_figures_per_department(network, department):
    urban, housing = assess(group_by=GroupBy.DEPARTMENT, **NOVEMBER)
    assert (urban.key, urban.label) == (department.pk, "城市管理和综合执法局")
    assert figures(urban) == {
        "received": 3, "accepted_on_time": 1, "accepted_late": 1, "resolved": 2,
        "resolved_on_time": 2, "overdue": 2, "reopened": 1, "reopens": 2,
        "avg_satisfaction": 4.5, "avg_handling_hours": 61.0,
    }  # fmt: skip
    assert (urban.accepted_on_time_rate, urban.resolved_on_time_rate) == (50.0, 100.0)
    assert housing.key == network["housing"].pk
    assert figures(housing) == {
        "received": 1, "accepted_on_time": 1, "accepted_late": 0, "resolved": 0,
        "resolved_on_time": 0, "overdue": 0, "reopened": 0, "reopens": 0,
        "avg_satisfaction": None, "avg_handling_hours": None,
    }  # fmt: skip
    assert housing.resolved_on_time_rate is None

    total = assessment_total([urban, housing])
    assert total.key is None
    assert (total.received, total.accepted_on_time, total.overdue) == (4, 2, 2)
    assert (total.reopened, total.reopens) == (1, 2)
    assert (total.avg_satisfaction, total.avg_handling_hours) == (4.5, 61.0)
    assert total.accepted_on_time_rate == pytest.approx(66.7)


def test_figures_per_community(network, community_a, community_b):
    rows = assess(group_by=GroupBy.COMMUNITY, **NOVEMBER)
    by_key = {row.key: row for row in rows}
    assert set(by_key) == {community_a.pk, community_b.pk}
    hgs, wanxia = by_key[community_a.pk], by_key[community_b.pk]
    assert hgs.label == "花果山社区 (招商街道)"
    assert wanxia.label == "湾厦社区 (蛇口街道)"
    assert (hgs.received, hgs.reopened, hgs.avg_satisfaction) == (2, 1, 4.5)
    # C (overdue, never answered) and D (rejected on time).
    assert figures(wanxia) | {"received": wanxia.received} == {
        "received": 2, "accepted_on_time": 1, "accepted_late": 0, "resolved": 0,
        "resolved_on_time": 0, "overdue": 1, "reopened": 0, "reopens": 0,
        "avg_satisfaction": None, "avg_handling_hours": None,
    }  # fmt: skip


def test_a_period_includes_its_last_day_and_not_the_next(community_a, category):
    for moment in ("2026-10-31 23:59", "2026-11-01 00:00", "2026-11-30 23:59", "2026-12-01 00:00"):
        make_event(community_a, category, now=at(moment))
    assert [row.received for row in assess(group_by="department", **NOVEMBER)] == [2]
    day = date(2026, 11, 30)
    assert [row.received for row in assess(group_by="department", start=day, end=day)] == [1]
    december = assess(group_by="department", start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert [row.received for row in december] == [1]


def test_staff_see_only_their_scope(network, district, department):
    elsewhere = supervisor(SupervisionLevel.DISTRICT, district=DistrictFactory(name="福田区"))
    mine = events_in_scope(elsewhere)
    assert assess(group_by="department", queryset=mine, **NOVEMBER) == []

    local = supervisor(SupervisionLevel.DISTRICT, district=district)
    rows = assess(group_by="department", queryset=events_in_scope(local), **NOVEMBER)
    assert sum(row.received for row in rows) == 4

    # A handler of urban management sees their department only.
    unit = handler(department)
    rows = assess(group_by="community", queryset=events_in_scope(unit), **NOVEMBER)
    assert sum(row.received for row in rows) == 3


def test_named_periods():
    today = date(2026, 2, 14)
    assert period_bounds(Period.THIS_MONTH, today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_bounds(Period.LAST_MONTH, today) == (date(2026, 1, 1), date(2026, 1, 31))
    assert period_bounds(Period.LAST_MONTH, date(2026, 1, 5)) == (
        date(2025, 12, 1), date(2025, 12, 31),
    )  # fmt: skip
    assert period_bounds(Period.THIS_QUARTER, date(2026, 12, 31)) == (
        date(2026, 10, 1), date(2026, 12, 31),
    )  # fmt: skip
    assert period_bounds(Period.THIS_YEAR, today) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 11, 30), date(2026, 11, 1)), (date(1, 1, 1), date(2026, 1, 1)),
     (date(2026, 1, 1), date(9999, 12, 31))],
)  # fmt: skip
def test_a_bad_period_is_refused(db, start, end):
    with pytest.raises(ValidationError):
        assess(group_by="department", start=start, end=end)


def test_one_query_whatever_the_number_of_groups(network, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(assess(group_by="community", **NOVEMBER)) == 2


# --- the admin report ---------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_report_page_for_a_city_admin(network, superuser):
    page = logged_in(superuser).get(URL, {"period": "custom", **NOVEMBER})
    assert page.status_code == 200
    html = page.content.decode()
    assert "城市管理和综合执法局" in html and "住房和建设局" in html
    assert shown("Average satisfaction") in html
    assert "4.50" in html and "61.00" in html and "50.0%" in html
    assert shown("Total") in html
    assert reverse("governance_assessment:index") == URL
    # The menu entry under Reports.
    assert URL in logged_in(superuser).get("/admin/").content.decode()


def test_csv_export(network, superuser):
    response = logged_in(superuser).get(
        URL, {"group_by": "community", "start": "2026-11-01", "end": "2026-11-30", "export": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == [said("Community"), said("Received"), said("Accepted on time")]
    assert rows[0][-2:] == [said("Average satisfaction"), said("Average handling time (hours)")]
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["花果山社区 (招商街道)"][1:4] == ["2", "1", "1"]
    assert by_label["花果山社区 (招商街道)"][-2:] == ["4.5", "61.0"]
    assert by_label["湾厦社区 (蛇口街道)"][-2:] == ["", ""]
    assert rows[-1][0] == said("Total") and rows[-1][1] == "4"


def test_supervisor_of_another_district_sees_no_rows(network, superuser):
    outsider = supervisor(SupervisionLevel.DISTRICT, district=DistrictFactory(name="福田区"))
    outsider.groups.add(staff_group())
    client = logged_in(outsider)
    page = client.get(URL, {"start": "2026-11-01", "end": "2026-11-30"})
    assert page.status_code == 200
    assert "城市管理和综合执法局" not in page.content.decode()
    assert shown("No events were reported in this period.") in page.content.decode()
    export = client.get(URL, {"start": "2026-11-01", "end": "2026-11-30", "export": "csv"})
    assert len(list(csv.reader(io.StringIO(b"".join(export).decode("utf-8-sig"))))) == 1


def test_residents_and_other_staff_are_turned_away(network, resident, editor_a):
    assert Client().get(URL).status_code == 302
    assert logged_in(resident).get(URL).status_code == 302
    # An editor reaches the admin, but is not governance staff.
    response = logged_in(editor_a).get(URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert URL not in logged_in(editor_a).get("/admin/").content.decode()


BAD_FILTERS = [
    ({"start": "2026-11-30", "end": "2026-11-01"}, "Last day",
     "The last day is before the first day."),
    ({"period": "custom", "start": "garbage", "end": "2026-11-01"}, "First day",
     "Enter a valid date."),
    ({"start": "2026-02-31", "end": "2026-03-01"}, "First day", "Enter a valid date."),
    ({"period": "custom", "end": "2026-11-01"}, "First day",
     "Give the first day of the period."),
    ({"start": "0001-01-01", "end": "2026-11-01"}, "First day",
     ("Choose dates between %(first)s and %(last)s.",
      {"first": "2000-01-01", "last": "2099-12-31"})),
    ({"group_by": "street", **DATES}, "Group by", None),
]  # fmt: skip


@pytest.mark.parametrize(("query", "field", "message"), BAD_FILTERS)
def test_bad_filters_are_explained(one_event, superuser, query, field, message):
    client = logged_in(superuser)
    for extra in ({}, {"export": "csv"}):
        response = client.get(URL, {**query, **extra})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        # Listed above the (empty) table, named by the field.
        assert f"<li>{shown(field)}: " in html
        if isinstance(message, tuple):  # a message with values in it
            text = said(message[0]) % message[1]
            assert f"<li>{shown(field)}: {text}</li>" in html
        elif message:
            assert f"<li>{shown(field)}: {shown(message)}</li>" in html
        assert "城市管理和综合执法局" not in html


def test_a_named_period_ignores_leftover_dates(superuser):
    caption = "Events reported from %(start)s to %(end)s (both days included), in your area."
    this_year = date.today().year  # the page says "this year" by the real clock
    response = logged_in(superuser).get(URL, {"period": "this_year", "start": "2000-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert shown(caption, start=f"{this_year}-01-01", end=f"{this_year}-12-31") in html
    custom = logged_in(superuser).get(URL, {"start": "2000-01-01", "end": "2000-01-31"})
    assert shown(caption, start="2000-01-01", end="2000-01-31") in custom.content.decode()
