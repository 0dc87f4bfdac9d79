"""The same community home page in each of the eight themes, normal and elder-friendly mode.

Every round requests the page once in each case in turn, so machine load drifts equally on
all of them; results are medians and ratios to the default theme, plus what a phone downloads
(HTML and stylesheets, uncompressed).
"""

import gc
import time
from collections import defaultdict
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.city import MeasuredCommunity
from bench.rendering import Samples
from communities.models import Community
from themes.display_mode import COOKIE
from themes.registry import DEFAULT_THEME, THEMES
from themes.services import change_theme

Key = tuple[str, bool]  # (theme, elder-friendly mode)


def _request(client: Client, community: MeasuredCommunity, elder: bool) -> str:
    client.cookies[COOKIE] = "1" if elder else "0"
    response = client.get("/", HTTP_HOST=community.host)
    if response.status_code != 200:
        raise RuntimeError(f"{community.host} answered {response.status_code}")
    return response.content.decode()


def _css_bytes(theme: str, elder: bool) -> int:
    names = ["css/base.css", THEMES[theme].stylesheet] + (["css/elder.css"] if elder else [])
    return sum(Path(finders.find(name)).stat().st_size for name in names)


def measure(
    community: MeasuredCommunity, rounds: int, requests: int
) -> tuple[dict[Key, Samples], dict[Key, int]]:
    """Samples and downloaded bytes (HTML + CSS) per (theme, elder mode)."""
    record = Community.objects.get(slug=community.host.split(".", 1)[0])
    client = Client()
    samples: dict[Key, Samples] = defaultdict(Samples)
    weight: dict[Key, int] = {}
    cases = [(theme, elder) for theme in THEMES for elder in (False, True)]
    for round_number in range(rounds):
        for theme, elder in cases:
            change_theme(record, theme)
            html = _request(client, community, elder)  # warms the template cache too
            if f"theme-{theme} " not in html:
                raise RuntimeError(f"{community.host} is not in the {theme} theme")
            key = (theme, elder)
            if round_number == 0:
                with CaptureQueriesContext(connection) as queries:
                    _request(client, community, elder)
                samples[key].queries = len(queries)
                weight[key] = len(html.encode()) + _css_bytes(theme, elder)
            gc.collect()
            for _ in range(requests):
                started = time.perf_counter()
                _request(client, community, elder)
                samples[key].seconds.append(time.perf_counter() - started)
        print(f"  themes round {round_number + 1}/{rounds}", flush=True)
    change_theme(record, DEFAULT_THEME)
    return samples, weight


def markdown(samples: dict[Key, Samples], weight: dict[Key, int], communities: int) -> list[str]:
    base = samples[DEFAULT_THEME, False].median_ms
    lines = [
        f"## Community home page by theme ({communities} sites, site root paths warm)",
        "",
        "| Theme | Mode | Median | Ratio to the default | Queries | HTML + CSS |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for (theme, elder), result in samples.items():
        lines.append(
            f"| {theme} | {'elder-friendly' if elder else 'normal'} | {result.median_ms:.1f} ms "
            f"| {result.median_ms / base:.2f}× | {result.queries} "
            f"| {weight[theme, elder] / 1024:.1f} KiB |"
        )
    return lines
