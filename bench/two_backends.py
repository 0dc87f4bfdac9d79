"""What the per-request benchmarks (complaints, votes) share: each backend measured in its own
child process on a fresh database (an SQLite file, a new PostgreSQL database dropped
afterwards), its result handed back as one JSON line."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from bench.governance import POSTGRES, drop_database, log, postgres_database

__all__ = [
    "POSTGRES",
    "add_arguments",
    "configure",
    "log",
    "run_backends",
    "run_benchmark",
    "serve_child",
    "timings",
]


def add_arguments(parser: argparse.ArgumentParser, prefix: str) -> None:
    parser.add_argument("--backend", choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--database-name", default=f"jiayuan_bench_{prefix}_{os.getpid()}")
    parser.add_argument("--no-postgresql", action="store_true")


def configure(work_dir: Path, database_url: str, settings_module: str) -> None:
    """Point Django at ``database_url`` with ``settings_module`` and set it up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["DATABASE_URL"] = database_url
    os.environ["JIAYUAN_VAR_DIR"] = str(work_dir)
    (work_dir / "static").mkdir(exist_ok=True)
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def timings(seconds: list[float], wall: float) -> dict:
    return {
        "count": len(seconds),
        "per_second": len(seconds) / wall,
        "median_ms": statistics.median(seconds) * 1000,
        "p95_ms": statistics.quantiles(seconds, n=20)[-1] * 1000,
    }


def serve_child(args: argparse.Namespace, measure: Callable[[Path, str], dict]) -> None:
    """In the child: measure ``args.backend`` with ``measure(work_dir, database_url)`` and
    print its result as the last line."""
    work_dir = Path(tempfile.mkdtemp(prefix="jiayuan-bench-"))
    try:
        if args.backend == "sqlite":
            result = measure(work_dir, f"sqlite:///{work_dir / 'bench.sqlite3'}")
        else:
            with ExitStack() as stack:
                try:
                    url = stack.enter_context(postgres_database(args.postgres, args.database_name))
                except Exception as error:
                    result = {"not_measured": f"no PostgreSQL at {args.postgres} ({error})"}
                else:
                    result = measure(work_dir, url)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    print(json.dumps({"backend": args.backend, **result}))


def _run_child(script: Path, backend: str, args: argparse.Namespace, extra: list[str]) -> dict:
    command = [sys.executable, str(script), "--backend", backend, "--postgres", args.postgres,
               "--database-name", args.database_name, *extra]  # fmt: skip
    log(f"{backend}…")
    finished = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
    lines = finished.stdout.strip().splitlines()
    if finished.returncode != 0 or not lines:
        return {"not_measured": f"the benchmark failed (exit code {finished.returncode})"}
    return json.loads(lines[-1])


def run_backends(script: Path, args: argparse.Namespace, extra: list[str]) -> dict[str, dict]:
    """Run ``script`` once per backend (SQLite, then PostgreSQL unless ``--no-postgresql``)."""
    results = {"sqlite": _run_child(script, "sqlite", args, extra)}
    if args.no_postgresql:
        results["postgresql"] = {"not_measured": "skipped (--no-postgresql)"}
        return results
    try:
        results["postgresql"] = _run_child(script, "postgresql", args, extra)
    finally:
        try:
            drop_database(args.postgres, args.database_name)
        except Exception as error:
            log(f"(could not make sure the database is dropped: {error})")
    return results


def run_benchmark(
    script: Path,
    args: argparse.Namespace,
    measure: Callable[[Path, str], dict],
    markdown: Callable[[str, dict[str, dict], float], str],
    results_path: Path,
    extra: list[str],
) -> None:
    """The benchmark's ``main``: in a child, measure one backend; otherwise run both, print
    the table ``markdown(machine, results, seconds)`` and write it to ``results_path``."""
    if args.backend:
        serve_child(args, measure)
        return
    started = time.perf_counter()
    results = run_backends(script, args, extra)
    from bench import machine

    table = markdown(machine.describe(), results, time.perf_counter() - started)
    print(table)
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(table, encoding="utf-8")
    sys.exit(0 if "not_measured" not in results["sqlite"] else 1)
