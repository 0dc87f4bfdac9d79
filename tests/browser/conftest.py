"""The browser suite: Debian's Chromium driven by Playwright against pytest-django's live server.

Marked ``browser``; `make test` leaves it out and `make test-browser` (and CI) runs it. A
missing Chromium or axe-core fails the run with the install command: never a silent skip.
"""

import os
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from communities.factories import create_demo_news, fill_demo_about_page

from .chromium import AXE_SCRIPT, launch_options

# Playwright's sync API keeps an event loop running in this thread, which Django would take
# for an async context and refuse ORM calls from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1440, "height": 900}
ELDER_COOKIE = "jiayuan_elder"


@pytest.fixture(scope="session")
def browser():
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` (make browser-deps).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        yield browser
        browser.close()


@pytest.fixture
def themed_community(live_server, make_community):
    """A community with news, notices and a filled-in profile page, on the live server."""
    community = make_community(subdistrict="招商街道", name="花果山社区", slug="huaguoshan")
    create_demo_news(community, 6, timezone.localdate())
    fill_demo_about_page(community)
    return community


def origin_of(live_server, community) -> str:
    port = urlsplit(live_server.url).port
    return f"http://{community.hostname}:{port}"


# Every rendered control, numbered in a data attribute so that two links with the same
# markup (a body link to the nav's page) count as two; each must be reached by Tab.
_NUMBER_FOCUSABLE = """() => [...document.querySelectorAll([
    'a[href]', 'button', 'input:not([type=hidden])', 'select', 'textarea', 'summary',
    '[tabindex]:not([tabindex="-1"])'].join(','))]
  .filter(el => { const box = el.getBoundingClientRect();
                  return el.checkVisibility() && getComputedStyle(el).visibility !== 'hidden'
                         && box.width > 0 && box.height > 0; })
  .map((el, n) => { el.dataset.kbN = n; return el.outerHTML.slice(0, 120); })"""
# The focused control's look (outline, shadow, background, border) and that of its two
# nearest ancestors (a card may show :focus-within) against their look without focus: focus
# is visible if something changes. Focus is then put back, so Tab goes on from there.
_ACTIVE = """() => {
  const el = document.activeElement;
  const chain = [el, el.parentElement, el.parentElement && el.parentElement.parentElement]
    .filter(Boolean);
  const look = node => { const s = getComputedStyle(node);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.borderTopColor, s.borderBottomColor, s.borderBottomWidth].join('|'); };
  const focused = chain.map(look);
  const result = {n: el.dataset.kbN ?? null, body: el === document.body};
  el.blur();
  result.shown = chain.map(look).some((unfocused, i) => unfocused !== focused[i]);
  el.focus();
  return result; }"""


class PageVisit:
    """One page load in its own browser context, recording every request it makes."""

    def __init__(self, browser, url: str, *, viewport: dict, elder: bool, javascript=True):
        self.context = browser.new_context(
            viewport=viewport, locale="zh-CN", java_script_enabled=javascript
        )
        if elder:
            self.context.add_cookies([{"name": ELDER_COOKIE, "value": "1", "url": url}])
        self.requests: list[str] = []
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.response = self.page.goto(url, wait_until="load")

    def close(self) -> None:
        self.context.close()

    def foreign_requests(self) -> list[str]:
        origin = urlsplit(self.page.url).netloc
        return [
            url
            for url in self.requests
            if not url.startswith("data:") and urlsplit(url).netloc != origin
        ]

    def axe_violations(self, *, enhanced_contrast: bool) -> list[str]:
        """axe-core's serious and critical violations, one readable line per node."""
        self.page.add_script_tag(path=str(AXE_SCRIPT))
        options = {"resultTypes": ["violations"]}
        if enhanced_contrast:
            # WCAG AAA 1.4.6 (7:1), off in axe by default: elder-friendly mode promises it.
            options["rules"] = {"color-contrast-enhanced": {"enabled": True}}
        results = self.page.evaluate("options => axe.run(document, options)", options)
        return [
            f"{violation['id']} ({violation['impact']}): {node['target']} "
            f"{node.get('failureSummary', '').splitlines()[-1:]}"
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical")
            for node in violation["nodes"]
        ]

    def horizontal_overflow(self) -> int:
        return self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    def small_targets(self, minimum: int) -> list[str]:
        """Visible stand-alone links and controls smaller than ``minimum`` px either way.

        Links inside a sentence (display: inline) are exempt, as WCAG 2.5.5 allows; a
        checkbox or radio button counts with its label, which clicking also toggles.
        """
        return self.page.evaluate(
            """minimum => [...document.querySelectorAll(
                   'a[href], button, input:not([type=hidden]), select, textarea, summary')]
                 .filter(el => {
                   const style = getComputedStyle(el);
                   if (style.display === 'inline' || style.visibility === 'hidden') return false;
                   const box = el.getBoundingClientRect();
                   if (box.width === 0 && box.height === 0) return false;  // not rendered
                   if (el.classList.contains('skip-link')) return false;  // shown on focus
                   // A checkbox or radio button is hit through its label as well (WCAG 2.5.8).
                   const boxes = [box, ...[...(el.labels || [])]
                     .filter(() => el.type === 'checkbox' || el.type === 'radio')
                     .map(label => label.getBoundingClientRect())];
                   return !boxes.some(b => b.height >= minimum - 0.5 && b.width >= minimum - 0.5);
                 })
                 .map(el => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" `
                            + `${Math.round(el.getBoundingClientRect().width)}x`
                            + `${Math.round(el.getBoundingClientRect().height)}`)""",
            minimum,
        )

    def keyboard_problems(self) -> list[str]:
        """Tab from the top of the freshly loaded page through every control, then use the
        skip link: what is unreachable, shows no focus, or where the skip link fails."""
        page = self.page
        controls = page.evaluate(_NUMBER_FOCUSABLE)
        reached: list[int] = []
        problems = []
        for _ in range(len(controls) + 3):
            page.keyboard.press("Tab")
            active = page.evaluate(_ACTIVE)
            if active["body"] or active["n"] is None or int(active["n"]) in reached:
                break  # wrapped round to the browser's own controls
            reached.append(int(active["n"]))
            if not active["shown"]:
                problems.append(f"focus not visible on {controls[reached[-1]]!r}")
        problems += [
            f"not reachable by Tab: {html!r}" for n, html in enumerate(controls) if n not in reached
        ]
        if not reached or 'class="skip-link"' not in controls[reached[0]]:
            problems.append("the skip link is not the first thing Tab reaches")
        page.focus(".skip-link")
        box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
        if box["x"] < 0 or box["y"] < 0:
            problems.append(f"the skip link stays off-screen when focused: {box}")
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != "main":
            problems.append("the skip link does not move focus to the main content")
        return problems
