"""Events reported per second through ``report_event``, one process, one thread.

Each report is a resident's post (我有话说) in their own community, cycling through every
category of the shipped taxonomy, so that the high and urgent ones notify the dispatchers as
they would in production (those inbox rows are part of the cost). No photos.
"""

import statistics
import time
from dataclasses import asdict, dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.governance_city import City
from governance.models import Event, EventSource
from governance.services import report_event
from notifications.models import Notification

WARM_UP = 20  # reports before timing: imports, translations, the first year's counter
QUERY_SAMPLE = 50  # reports whose queries are counted, after the timed ones

TITLES = ["楼道堆放杂物", "路灯不亮", "井盖松动", "噪音扰民", "垃圾未及时清运", "占道经营"]
DESCRIPTION = "{building}附近{title}，已经持续好几天了，影响居民出行和休息，请尽快处理。"


@dataclass
class Reporting:
    reports: int
    wall_s: float
    per_second: float
    median_ms: float
    p95_ms: float
    queries_per_report: float
    notifications_per_report: float

    def as_dict(self) -> dict:
        return asdict(self)


def _report(city: City, number: int) -> Event:
    reporter, community = city.residents[number % len(city.residents)]
    title = TITLES[number % len(TITLES)]
    building = f"{number % 12 + 1}栋"
    return report_event(
        source=EventSource.PORTAL,
        community=community,
        category=city.categories[number % len(city.categories)],
        title=title,
        description=DESCRIPTION.format(building=building, title=title),
        location=f"{building}{number % 4 + 1}单元门口",
        reporter=reporter,
        public=number % 3 != 0,
    )


def measure(city: City, count: int) -> Reporting:
    """Report ``count`` events one after the other, timing each."""
    for number in range(WARM_UP):
        _report(city, number)
    notifications_before = Notification.objects.count()
    seconds = []
    started = time.perf_counter()
    for number in range(WARM_UP, WARM_UP + count):
        before = time.perf_counter()
        _report(city, number)
        seconds.append(time.perf_counter() - before)
    wall = time.perf_counter() - started
    notifications = Notification.objects.count() - notifications_before

    first = WARM_UP + count
    with CaptureQueriesContext(connection) as queries:
        for number in range(first, first + QUERY_SAMPLE):
            _report(city, number)
    return Reporting(
        reports=count,
        wall_s=wall,
        per_second=count / wall,
        median_ms=statistics.median(seconds) * 1000,
        p95_ms=statistics.quantiles(seconds, n=20)[-1] * 1000,
        queries_per_report=len(queries.captured_queries) / QUERY_SAMPLE,
        notifications_per_report=notifications / count,
    )
