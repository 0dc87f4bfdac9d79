"""How the browser tests and `make screenshots` start Debian's Chromium through Playwright.

Playwright's own browser downloads cannot run here, so it drives the system browser; the
flags keep it from reaching out to any network service of its own.
"""

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--font-render-hinting=none",
]


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch_options() -> dict:
    path = chromium_path()
    if path is None:
        raise SystemExit(
            "Chromium is not installed: run `apt-get install chromium fonts-noto-cjk` "
            "(or `make browser-deps` as root), or set CHROMIUM to its path."
        )
    return {"executable_path": path, "args": FLAGS, "headless": True}
