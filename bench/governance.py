"""Benchmarks of the governance work network (issue 5), on SQLite and on PostgreSQL.

1. Reporting: events per second through ``governance.services.report_event``, one process,
   one thread, with the queries and inbox messages each report costs.
2. Periodic scan: ``governance.services.scan_checkpoints`` with 1,000 events due in a table of
   10,000, 100,000 and 1,000,000 events; the scan's time must not grow with the table.

Each database runs in its own child process (``--backend sqlite|postgresql``, which prints its
results as JSON); this parent runs both, prints a markdown table and writes it to
``bench/results/governance.md``. SQLite uses a file in a temporary directory, PostgreSQL a
temporary database dropped at the end; the project's own database is never touched.
PostgreSQL that cannot be reached is reported as not measured. Timings are only reported,
never asserted.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

RESULTS = BENCH_DIR / "results" / "governance.md"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
FULL = {"reports": 2_000, "sizes": [10_000, 100_000, 1_000_000], "due": 1_000, "repeats": 3}
# A smoke run in under two minutes: fewer events due, so that each scan takes seconds.
QUICK = {"reports": 200, "sizes": [2_000, 20_000], "due": 100, "repeats": 2}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 reports, 2,000/20,000 events")
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgresql"],
        help="run one database in this process and print its results as JSON",
    )
    parser.add_argument("--postgres", default=POSTGRES, help="server to create the database on")
    parser.add_argument("--database-name", default=f"jiayuan_bench_{os.getpid()}")
    parser.add_argument("--no-postgresql", action="store_true", help="measure SQLite only")
    parser.add_argument("--reports", type=int, help="reports to time (default 2,000)")
    parser.add_argument("--sizes", help="table sizes, comma-separated (default 10k,100k,1M)")
    parser.add_argument("--due", type=int, help="events due at each scan (default 1,000)")
    parser.add_argument("--repeats", type=int, help="scans timed at each size")
    return parser.parse_args()


def plan(args: argparse.Namespace) -> dict:
    chosen = dict(QUICK if args.quick else FULL)
    if args.reports:
        chosen["reports"] = args.reports
    if args.sizes:
        chosen["sizes"] = [int(size) for size in args.sizes.split(",")]
    if args.due:
        chosen["due"] = args.due
    if args.repeats:
        chosen["repeats"] = args.repeats
    return chosen


# --- one database, in a child process -------------------------------------------------------


def configure(work_dir: Path, database_url: str) -> None:
    """Point Django at the benchmark's database; must run before ``django.setup``."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.governance_settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["JIAYUAN_VAR_DIR"] = str(work_dir)
    (work_dir / "static").mkdir(exist_ok=True)  # whitenoise warns about a missing STATIC_ROOT
    os.environ["DEBUG"] = "0"  # DEBUG would keep every query in memory and time that too
    import django

    django.setup()


def drop_database(server: str, name: str) -> None:
    """Drop ``name`` and the copies the scan made of it (``name_<size>``), if they exist."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as admin:
        pattern = name.replace("_", r"\_") + r"\_%"
        rows = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern])
        for database in [*(row[0] for row in rows.fetchall()), name]:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextmanager
def postgres_database(server: str, name: str):
    """A new empty database on ``server``, dropped afterwards even on error."""
    import psycopg

    drop_database(server, name)  # and its copies, left over by a run that was killed
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    try:
        yield f"{server}/{name}"
    finally:
        from django.conf import settings

        if settings.configured:  # Django's connections would keep the database in use
            from django.db import connections

            connections.close_all()
        drop_database(server, name)


def measure_backend(work_dir: Path, database_url: str, chosen: dict) -> dict:
    configure(work_dir, database_url)
    from bench import governance_city, governance_reporting, governance_scan

    started = time.perf_counter()
    city = governance_city.build()
    server = governance_city.server_version()
    log(f"{server}: {len(city.communities)} communities, {len(city.categories)} categories, "
        f"{len(city.residents)} residents, {city.staff} staff, built in "
        f"{time.perf_counter() - started:.0f} s; reporting…")  # fmt: skip
    reporting = governance_reporting.measure(city, chosen["reports"])
    log(f"  {reporting.per_second:.0f} events/s; scan…")
    scan = governance_scan.measure(
        city, chosen["sizes"], chosen["repeats"], due=chosen["due"], progress=log
    )
    return {
        "server": server,
        "reporting": reporting.as_dict(),
        "scan": scan.as_dict(),
        "runtime_s": time.perf_counter() - started,
    }


def measure_postgresql(work_dir: Path, args: argparse.Namespace, chosen: dict) -> dict:
    with ExitStack() as stack:
        try:
            url = stack.enter_context(postgres_database(args.postgres, args.database_name))
        except Exception as error:  # unreachable, refused, no rights: not measured
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            return {"not_measured": f"no PostgreSQL at {args.postgres} ({reason})"}
        return measure_backend(work_dir, url, chosen)


def child(args: argparse.Namespace) -> None:
    chosen = plan(args)
    work_dir = Path(tempfile.mkdtemp(prefix="jiayuan-bench-governance-"))
    try:
        if args.backend == "sqlite":
            result = measure_backend(work_dir, f"sqlite:///{work_dir / 'gov.sqlite3'}", chosen)
        else:
            result = measure_postgresql(work_dir, args, chosen)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    print(json.dumps({"backend": args.backend, **result}))


# --- the parent: both databases, the table ----------------------------------------------------


def run_child(backend: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--backend", backend,
               "--postgres", args.postgres, "--database-name", args.database_name]  # fmt: skip
    for option in ("quick",):
        if getattr(args, option):
            command.append(f"--{option}")
    for option in ("reports", "sizes", "due", "repeats"):
        if getattr(args, option):
            command += [f"--{option}", str(getattr(args, option))]
    log(f"{backend}…")
    finished = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
    lines = finished.stdout.strip().splitlines()
    if finished.returncode != 0 or not lines:
        return {"not_measured": f"the benchmark failed (exit code {finished.returncode})"}
    return json.loads(lines[-1])


def parent(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    results = {"sqlite": run_child("sqlite", args)}
    if args.no_postgresql:
        results["postgresql"] = {"not_measured": "skipped (--no-postgresql)"}
    else:
        try:
            results["postgresql"] = run_child("postgresql", args)
        finally:
            try:  # the child drops it; this is for a child that was killed
                drop_database(args.postgres, args.database_name)
            except Exception as error:
                log(f"(could not make sure the database is dropped: {error})")
    from bench import governance_report, machine

    servers = [r["server"] for r in results.values() if r.get("server", "").startswith("Postg")]
    description = machine.describe() + "".join(f", {server}" for server in servers)
    table = governance_report.markdown(
        description, results, runtime=time.perf_counter() - started, quick=args.quick
    )
    print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table, encoding="utf-8")
    print(f"Written to {RESULTS.relative_to(BENCH_DIR.parent)}")
    return 0 if "not_measured" not in results["sqlite"] else 1


def main() -> None:
    args = parse_args()
    if args.backend:
        child(args)
    else:
        sys.exit(parent(args))


if __name__ == "__main__":
    main()
