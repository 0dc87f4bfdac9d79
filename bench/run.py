"""Benchmarks of the community homeland web at city scale (673 communities). ``make bench``.

1. Provisioning: the real service provisions 673 communities on a fresh SQLite database.
2. Rendering: a community's home page with 673 sites against the same page with 3 sites,
   requested through the whole Django stack in one process, alternating between the two
   databases round by round so that the machine's load drifts equally on both sides. Measured
   with Wagtail's site root paths cached (warm) and not (cold), for Jiayuan and for stock
   Wagtail (``site_paths.stock_wagtail``: Wagtail's builder and Page's own URL methods).
3. Themes: the same home page in each of the eight themes, normal and elder-friendly mode,
   as ratios to the default theme, with the bytes a phone downloads.

Prints a markdown table and writes it to ``bench/results/latest.md``. Everything happens in a
temporary directory; the project's own database is never touched. Not part of the test suite:
timings are only reported here, never asserted.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

RESULTS = BENCH_DIR / "results" / "latest.md"
REFERENCE_COMMUNITIES = 673  # communities.demo.REFERENCE_COMMUNITIES, before Django is set up
SMALL_CITY = 3
PROVISIONING_TARGET_S = 120.0
RATIO_TARGET = 1.2


def configure(work_dir: Path) -> None:
    """Point Django at a fresh SQLite file in ``work_dir``; must run before ``django.setup``."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{work_dir / 'city.sqlite3'}"
    os.environ["JIAYUAN_VAR_DIR"] = str(work_dir)
    (work_dir / "static").mkdir(exist_ok=True)  # whitenoise warns about a missing STATIC_ROOT
    # DEBUG would keep every query in memory and time that too.
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=REFERENCE_COMMUNITIES)
    parser.add_argument("--rounds", type=int, default=6, help="alternations of the databases")
    parser.add_argument("--requests", type=int, default=10, help="requests per round and case")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    work_dir = Path(tempfile.mkdtemp(prefix="jiayuan-bench-"))
    try:
        configure(work_dir)
        from bench import city, machine, rendering, report, themes

        started = time.perf_counter()
        print(machine.describe(), flush=True)
        template = city.migrated_database(work_dir)
        big = city.copy_database(template, work_dir / "big.sqlite3")
        small = city.copy_database(template, work_dir / "small.sqlite3")

        city.use_database(big)
        print(f"Provisioning {args.communities} communities…", flush=True)
        provisioning = city.provision(args.communities, progress=True)
        measured = city.prepare_measured_community(args.communities)
        city.use_database(small)
        city.provision(SMALL_CITY)
        city.prepare_measured_community(SMALL_CITY)

        print("Rendering…", flush=True)
        databases = {SMALL_CITY: small, args.communities: big}
        renders = rendering.measure(databases, measured, args.rounds, args.requests)

        print("Themes…", flush=True)
        city.use_database(big)
        theme_samples, theme_weight = themes.measure(measured, args.rounds, args.requests)

        table = report.markdown(
            machine.describe(),
            provisioning,
            renders,
            small=SMALL_CITY,
            big=args.communities,
            provisioning_target=PROVISIONING_TARGET_S,
            ratio_target=RATIO_TARGET,
            runtime=time.perf_counter() - started,
        )
        table += "\n" + "\n".join(themes.markdown(theme_samples, theme_weight, args.communities))
        table += "\n"
        print(table)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(table, encoding="utf-8")
        print(f"Written to {RESULTS.relative_to(BENCH_DIR.parent)}")
    finally:
        if args.keep:
            print(f"Databases kept in {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
