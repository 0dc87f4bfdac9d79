"""The demo city's service points and local items: one centre and one or two terminals per
community, made in a few bulk inserts, and nothing made twice."""

from services_directory.demo import DEMO_LOCAL_ITEMS, seed_demo_service_points
from services_directory.models import ServiceItem, ServicePoint
from tests.conftest import changed_tables, database_rows


def test_each_community_gets_its_centre_and_terminals_once(
    community_a, community_b, django_assert_max_num_queries
):
    said = []
    with django_assert_max_num_queries(12):  # however many communities: bulk inserts
        made = seed_demo_service_points([community_a, community_b], say=said.append)

    for community in (community_a, community_b):
        points = list(ServicePoint.objects.filter(community=community))
        centres = [p for p in points if p.kind == "service_centre"]
        terminals = [p for p in points if p.kind == "terminal"]
        assert len(centres) == 1 and 1 <= len(terminals) <= 2
        centre = centres[0]
        assert centre.name == f"{community.name}党群服务中心综合窗口"
        assert community.subdistrict.name in centre.location
        assert community.subdistrict.district.name in centre.location
        assert "9:00-12:00" in centre.hours and "周六" in centre.hours and centre.name_en
        assert all(t.hours == "24小时" and t.location_en for t in terminals)
        assert not any(p.phone for p in points)  # no made-up numbers
    local = ServiceItem.objects.filter(community__isnull=False)
    assert {i.community for i in local} == {community_a}
    assert sorted(i.name for i in local) == sorted(s["name"] for s in DEMO_LOCAL_ITEMS)
    assert made == ServicePoint.objects.count() + len(DEMO_LOCAL_ITEMS) and said

    before = database_rows()
    assert seed_demo_service_points([community_a, community_b]) == 0
    assert changed_tables(before, database_rows()) == {}
    assert seed_demo_service_points([]) == 0
