"""Benchmark: complaint posts per second end to end (issue 6), on SQLite and on PostgreSQL.

A verified resident posts a complaint (我有话说) on their community's site: an HTTP POST of
the form (middleware, session, form parsing, the participation rule, the duplicate check,
the post, the governance event with its routing, log entry and first checkpoint, the redirect),
through Django's test client in one process and one thread. The same number of complaints is
then submitted through ``submit_post`` alone, so the HTTP layer's share shows as a ratio
measured in the same run. Results go to ``bench/results/complaints.md``. Timings are only
reported, never asserted. Usage: ``bench/complaints.py [--quick] [--no-postgresql]``.
"""

import argparse
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.two_backends import (  # noqa: E402
    add_arguments,
    configure,
    log,
    run_benchmark,
    timings,
)

RESULTS = BENCH_DIR / "results" / "complaints.md"
WARM_UP = 20
QUERY_SAMPLE = 30
TITLES = ["楼道堆放杂物", "路灯不亮", "井盖松动", "噪音扰民", "垃圾未及时清运", "占道经营"]


def measure_backend(work_dir: Path, database_url: str, count: int) -> dict:
    configure(work_dir, database_url, "bench.complaints_settings")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import governance_city
    from forums.models import Post, PostIndexPage, PostKind
    from forums.services.posts import submit_post
    from governance.models import Category, Event

    started = time.perf_counter()
    city = governance_city.build()
    server = governance_city.server_version()
    # Categories a resident would choose (the public ones), cycled through.
    categories = [c for c in city.categories if c.may_be_public] or list(Category.objects.all())
    pages = {}
    for community in city.communities:
        page = PostIndexPage.objects.get(
            pk=community.site.root_page.get_children().get(slug="say").pk
        )
        pages[community.pk] = page.get_url_parts()[2] + page.reverse_subpage("post_create")
    clients = {}
    for user, community in city.residents:
        client = Client(HTTP_HOST=community.hostname)
        client.force_login(user)
        clients[user.pk] = client
    built = time.perf_counter() - started
    log(f"{server}: {len(city.communities)} communities, {len(city.residents)} residents, "
        f"{len(categories)} categories, built in {built:.0f} s")  # fmt: skip

    def form(number: int) -> dict:
        title = f"{TITLES[number % len(TITLES)]}（{number}）"
        return {
            "kind": PostKind.COMPLAINT,
            "category": categories[number % len(categories)].pk,
            "title": title,
            "body": f"{number % 12 + 1}栋附近{title}，已经持续好几天了，请尽快处理。",
            "building": f"{number % 12 + 1}栋",
            "location": f"{number % 12 + 1}栋{number % 4 + 1}单元门口",
            "public": "on",
        }

    def post_http(number: int) -> None:
        user, community = city.residents[number % len(city.residents)]
        response = clients[user.pk].post(pages[community.pk], form(number))
        if response.status_code != 302:
            raise RuntimeError(f"complaint {number} answered {response.status_code}")

    def post_service(number: int) -> None:
        user, community = city.residents[number % len(city.residents)]
        data = form(number)
        submit_post(
            user, community, kind=data["kind"], title=data["title"], body=data["body"],
            category=categories[number % len(categories)], building=data["building"],
            location=data["location"], public=True,
        )  # fmt: skip

    results = {"server": server}
    for name, run in (("http", post_http), ("service", post_service)):
        base = {"http": 0, "service": 10 * count}[name]
        for number in range(base, base + WARM_UP):
            run(number)
        events_before = Event.objects.count()
        seconds = []
        wall_started = time.perf_counter()
        for number in range(base + WARM_UP, base + WARM_UP + count):
            before = time.perf_counter()
            run(number)
            seconds.append(time.perf_counter() - before)
        wall = time.perf_counter() - wall_started
        made = Event.objects.count() - events_before
        if made != count:
            raise RuntimeError(f"{name}: {made} events for {count} complaints")
        first = base + WARM_UP + count
        with CaptureQueriesContext(connection) as queries:
            for number in range(first, first + QUERY_SAMPLE):
                run(number)
        results[name] = {
            **timings(seconds, wall),
            "queries": len(queries.captured_queries) / QUERY_SAMPLE,
        }
        log(f"  {name}: {results[name]['per_second']:.0f} complaints/s")
    results["posts"] = Post.objects.filter(event__isnull=False).count()
    results["runtime_s"] = time.perf_counter() - started
    return results


def markdown(description: str, results: dict[str, dict], runtime: float) -> str:
    lines = [
        "# Complaint posts end to end (`bench/complaints.py`)",
        "",
        f"Machine: {description}. Whole run: {runtime:.0f} s.",
        "",
        "| Backend | Path | Complaints | Per second | Median | p95 | Queries each |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for backend, result in results.items():
        name = result.get("server") or backend
        if "not_measured" in result:
            lines.append(f"| {name} | not measured: {result['not_measured']} | | | | | |")
            continue
        for path, label in (("http", "HTTP POST → event"), ("service", "`submit_post` only")):
            r = result[path]
            lines.append(
                f"| {name} | {label} | {r['count']:,} | {r['per_second']:.0f} "
                f"| {r['median_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {r['queries']:.1f} |"
            )
        ratio = result["service"]["per_second"] / result["http"]["per_second"]
        lines.append(f"| {name} | service ÷ HTTP throughput | | {ratio:.2f} | | | |")
    lines += [
        "",
        "Each complaint: a verified resident of one of 6 communities (300 residents, 4 grids "
        "each) posts on their community's host, cycling through the public categories of the "
        "shipped taxonomy; the post and its governance event (reference number, routing to the "
        "department and the resident's grid, log entry, accept checkpoint, dispatcher notices "
        "for high and urgent categories) are one transaction. No photos. Rate limits and the "
        "duplicate window are lifted for the run (`bench/complaints_settings.py`). One process, "
        "one thread; queries counted over 30 further complaints.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 complaints per path")
    parser.add_argument("--count", type=int, default=0)
    add_arguments(parser, "c")
    args = parser.parse_args()
    args.count = args.count or (200 if args.quick else 1_000)
    run_benchmark(
        Path(__file__).resolve(),
        args,
        lambda work_dir, url: measure_backend(work_dir, url, args.count),
        markdown,
        RESULTS,
        ["--count", str(args.count)],
    )


if __name__ == "__main__":
    main()
