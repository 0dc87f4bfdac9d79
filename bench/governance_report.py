"""The governance benchmark's results as a markdown table."""

import re

BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _missing(result: dict) -> str | None:
    """Why a backend has no numbers, or None when it has them."""
    return result.get("not_measured")


def _reporting(results: dict[str, dict]) -> list[str]:
    lines = [
        "## Reporting events (`report_event`, one process, one thread)",
        "",
        "| Backend | Reports | Events per second | Median | p95 | Queries per report "
        "| Inbox messages per report |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, result in results.items():
        name = result.get("server") or BACKENDS[backend]
        if (why := _missing(result)) or not result.get("reporting"):
            lines.append(f"| {name} | not measured: {why or 'no result'} | | | | | |")
            continue
        r = result["reporting"]
        lines.append(
            f"| {name} | {r['reports']:,} | {r['per_second']:.0f} | {r['median_ms']:.1f} ms "
            f"| {r['p95_ms']:.1f} ms | {r['queries_per_report']:.1f} "
            f"| {r['notifications_per_report']:.2f} |"
        )
    lines += [
        "",
        "A verified resident's post (我有话说) in their community, cycling through all the "
        "shipped categories (half of them high or urgent, which notify the community's and the "
        "city's dispatchers); no photos. Each report is one transaction: reference number, "
        "routing to the department and the resident's grid, the event, its log entry and its "
        "accept checkpoint. Queries counted on 50 further reports.",
        "",
    ]
    return lines


def _short(total: int) -> str:
    """1,000,000 → 1M, 20,000 → 20k."""
    if total >= 1_000_000 and total % 1_000_000 == 0:
        return f"{total // 1_000_000}M"
    return f"{total // 1000}k" if total % 1000 == 0 else f"{total:,}"


def _plan(name: str, plan: str) -> list[str]:
    # SQLite's lines start with the plan's node ids ("4 0 0 SEARCH …"): keep the words.
    lines = [re.sub(r"^\d+ \d+ \d+ ", "", line) for line in plan.splitlines()]
    return [f"{name}:", "", "```text", *lines, "```", ""]


def _scan(results: dict[str, dict], due: int) -> list[str]:
    lines = [
        f"## Periodic scan (`scan_checkpoints`), {due:,} events due, growing table",
        "",
        "| Backend | Events in the table | Scan time | Per due event | Queries per scan "
        "| Due query (first batch, ≤ 500 rows) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    ratios, plans, fills = [], [], []
    for backend, result in results.items():
        name = result.get("server") or BACKENDS[backend]
        scan = result.get("scan")
        if (why := _missing(result)) or not scan:
            lines.append(f"| {name} | not measured: {why or 'no result'} | | | | |")
            continue
        sizes = scan["sizes"]
        for size in sizes:
            median = size["scan_median_s"]
            lines.append(
                f"| {name} | {size['total']:,} | {median:.2f} s | {median / due * 1000:.2f} ms "
                f"| {size['scan_queries']:,} | {size['query_ms']:.2f} ms |"
            )
        first, last = sizes[0], sizes[-1]
        scale = f"{_short(last['total'])} / {_short(first['total'])}"
        ratios.append(
            f"| {name} | {scale} | {last['scan_median_s'] / first['scan_median_s']:.2f}× "
            f"| {last['query_ms'] / first['query_ms']:.2f}× |"
        )
        plans += _plan(name, scan["plan"])
        grown = ", ".join(f"{s['total']:,} in {s['fill_s']:.0f} s" for s in sizes)
        fills.append(f"{name} ({'COPY' if backend == 'postgresql' else 'executemany'}): {grown}")
    repeats = next(
        (len(r["scan"]["sizes"][0]["scan_s"]) for r in results.values() if r.get("scan")), 0
    )
    lines += [
        "",
        "| Backend | Table size ratio | Scan time ratio | Due query ratio |",
        "|---|---|---:|---:|",
        *ratios,
        "",
        "Expected: both ratios near 1×, the scan's work depending on the due events only.",
        "",
        "Plan of the due query (`EXPLAIN` / `EXPLAIN QUERY PLAN`) on the largest table; it "
        "should read the index `gov_event_next_check`:",
        "",
        *plans,
        f"Scan time: median of {repeats} scans at each size, the sizes taking turns (a copy "
        "of the database at each size; ascending, then descending, round by round) so that "
        "the machine's drifting load weighs on all of them alike. Each scan escalates every due "
        "event (its accept deadline passed a day ago): the checkpoint turns overdue, a "
        "supervision order (督办) opens a level up with its own checkpoint, two log entries, "
        "notifications to the supervisors and the dispatchers. Before each scan the due events "
        "are restored, so every scan does the same work. The other events are filler written "
        "straight to the database (an event and its running accept checkpoint each, next check "
        "within the coming month). PostgreSQL's tables are analysed after each fill, as "
        "autovacuum would; SQLite's are not, as in production. Queries counted during the "
        "timed scans. Due query: the scan's first `next_check_at <= now` batch query alone, "
        f"median of {repeats * 10} (10 per round).",
        "",
        "Time to grow the table to each size (filler written in batches of 10,000): "
        + "; ".join(fills)
        + ".",
        "",
    ]
    return lines


def markdown(machine: str, results: dict[str, dict], *, runtime: float, quick: bool) -> str:
    due = next((r["scan"]["due"] for r in results.values() if r.get("scan")), 1000)
    lines = [
        "# Jiayuan governance benchmark" + (" (quick run)" if quick else ""),
        "",
        f"Machine: {machine}",
        "",
        *_reporting(results),
        *_scan(results, due),
        f"Benchmark run time: {runtime / 60:.1f} min.",
        "",
    ]
    return "\n".join(lines)
