"""What the benchmark ran on, so that its numbers can be compared with another run's."""

import os
import platform
import sqlite3
from pathlib import Path


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def describe() -> str:
    import django
    import wagtail

    return (
        f"{cpu_model()}, {os.cpu_count()} logical cores, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, Django "
        f"{django.get_version()}, Wagtail {wagtail.__version__}, SQLite "
        f"{sqlite3.sqlite_version}; load average {load_average()}"
    )
