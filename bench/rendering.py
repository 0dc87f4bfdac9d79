"""Requests for a community's home page through the whole Django stack, timed."""

import gc
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from bench.city import MeasuredCommunity, use_database
from communities import site_paths
from portal.models import BasePage

JIAYUAN = "Jiayuan (site_paths + BasePage)"
STOCK = "Stock Wagtail 8.0"
CASES = [(JIAYUAN, "warm"), (JIAYUAN, "cold"), (STOCK, "warm"), (STOCK, "cold")]


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    queries: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


@contextmanager
def implementation(name: str) -> Iterator[None]:
    with site_paths.stock_wagtail(BasePage) if name == STOCK else nullcontext():
        cache.clear()  # the other implementation's list must not count as warm
        yield


def clear_site_root_paths() -> None:
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)


def home_page(client: Client, community: MeasuredCommunity) -> str:
    response = client.get("/", HTTP_HOST=community.host)
    if response.status_code != 200:
        raise RuntimeError(f"{community.host} answered {response.status_code}")
    return response.content.decode()


def measure(
    databases: dict[int, Path], community: MeasuredCommunity, rounds: int, requests: int
) -> dict[tuple[str, str, int], Samples]:
    """Samples per (implementation, cache, number of communities).

    Each round visits every database in turn, so slow and fast spells of a shared machine
    fall on both sides of each ratio.
    """
    client = Client()
    results: dict[tuple[str, str, int], Samples] = defaultdict(Samples)
    for round_number in range(rounds):
        for size, path in databases.items():
            use_database(path)
            for name, cache_state in CASES:
                samples = results[name, cache_state, size]
                with implementation(name):
                    if community.name not in home_page(client, community):  # warms up too
                        raise RuntimeError(f"{community.host} does not show {community.name}")
                    if round_number == 0:
                        if cache_state == "cold":
                            clear_site_root_paths()
                        with CaptureQueriesContext(connection) as queries:
                            home_page(client, community)
                        samples.queries = len(queries)
                    gc.collect()
                    for _ in range(requests):
                        if cache_state == "cold":
                            clear_site_root_paths()
                        started = time.perf_counter()
                        home_page(client, community)
                        samples.seconds.append(time.perf_counter() - started)
        print(f"  round {round_number + 1}/{rounds}", flush=True)
    return results
