"""Render every theme at phone and desktop widths: docs/themes/*.png and the admin previews.

Builds a small demo city in its own SQLite file (var/screenshots.sqlite3), gives its first
eight communities the eight themes, serves it with runserver on a free local port and takes
the pictures with the system Chromium. Nothing is fetched from outside the machine.

    .venv/bin/python scripts/screenshots.py [--theme SLUG ...] [--reuse-db] [--out DIR]
"""

# Every command run here is this project's manage.py with fixed arguments.
# ruff: noqa: S603

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "screenshots.sqlite3"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1440, "height": 900}
PREVIEW_WIDTH = 480


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _build_city(env: dict, reuse: bool) -> None:
    if reuse and DB.exists():
        return
    DB.parent.mkdir(exist_ok=True)
    DB.unlink(missing_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [*manage, "seed_demo", "--communities", "8", "--grids", "0", "--news", "6"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _communities_by_theme(env: dict) -> dict[str, str]:
    """Theme slug → host of the demo community that has it (the demo rotates the themes)."""
    os.environ.update(env)
    import django

    django.setup()
    from communities.models import Community, CommunitySettings

    themes = dict(CommunitySettings.objects.values_list("site_id", "theme"))
    return {themes[c.site_id]: c.hostname for c in Community.objects.order_by("pk")}


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a local URL we built)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--theme", action="append", help="Only these themes (repeatable).")
    parser.add_argument("--reuse-db", action="store_true", help="Keep the city from last time.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "themes")
    parser.add_argument("--no-previews", action="store_true", help="Leave the admin previews.")
    args = parser.parse_args()

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{DB}",
        "PORTAL_PORT": str(port),
    }
    _build_city(env, args.reuse_db)
    hosts = _communities_by_theme(env)
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from tests.browser.chromium import launch_options
    from themes.display_mode import COOKIE
    from themes.registry import THEMES

    slugs = args.theme or list(THEMES)
    args.out.mkdir(parents=True, exist_ok=True)
    previews = ROOT / "themes" / "static" / "themes" / "previews"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://localhost:{port}/healthz")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_options())
            for slug in slugs:
                origin = f"http://{hosts[slug]}:{port}"
                for label, viewport, elder in (
                    ("desktop", DESKTOP, False),
                    ("phone", PHONE, False),
                    ("phone-elder", PHONE, True),
                ):
                    context = browser.new_context(viewport=viewport, locale="zh-CN")
                    if elder:
                        cookie = {"name": COOKIE, "value": "1", "url": origin}
                        context.add_cookies([cookie])
                    page = context.new_page()
                    page.goto(origin + "/", wait_until="networkidle")
                    target = args.out / f"{slug}-{label}.png"
                    page.screenshot(path=str(target))
                    print(f"  {target.relative_to(ROOT)}")
                    if label == "desktop" and not args.no_previews:
                        with Image.open(target) as image:
                            height = round(image.height * PREVIEW_WIDTH / image.width)
                            image.resize((PREVIEW_WIDTH, height), Image.LANCZOS).save(
                                previews / f"{slug}.png", optimize=True
                            )
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
