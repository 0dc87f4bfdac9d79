"""The work network's two public pages in every theme, on a 360 px phone, used by keyboard:
the reporter says "settled" (案结事了) on their event's page, and a grid worker reports an
event from their rounds (网格员上报). Each step is checked with axe-core, for sideways
scrolling, target sizes, the theme, and requests to third parties."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from communities.models import Grid
from governance.factories import CategoryFactory, dispatcher, grid_worker, handler, make_event
from governance.models import Event, EventSource, EventStatus
from governance.services import accept_event, dispatch_event, resolve_event, start_handling
from tests.conftest import said
from themes.registry import THEMES
from themes.services import change_theme

from .conftest import PHONE, PageVisit, origin_of
from .test_themes import TARGET_PX

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the rollback brings back what migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# More presses than any theme's header and page have controls: a missing control fails
# the test instead of looping for ever.
MAX_TABS = 120
# A radio group is one Tab stop (its first or checked button); the arrow keys move within it,
# which the feedback test does. The suite's Tab walk counts every button as a stop of its own.
LATER_RADIO = re.compile(r'not reachable by Tab: \'<input type="radio" [^>]*id="[^"]*_[1-9]\d*"')
FOCUSED = "document.activeElement && document.activeElement.matches(%r)"


def step_problems(visit: PageVisit, step: str, theme: str, *, keyboard=False) -> list[str]:
    """What is wrong with the page now; with ``keyboard``, also every control reached by Tab
    with its focus shown (no trap), and the skip link (which leaves the focus on main)."""
    page = visit.page
    page.wait_for_load_state()
    problems = [str(v) for v in visit.axe_violations(enhanced_contrast=False)]
    if f"theme-{theme}" not in page.evaluate("[...document.body.classList]"):
        problems.append("not in the theme")
    overflow = visit.horizontal_overflow()
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    problems += [f"target under {TARGET_PX}px: {t}" for t in visit.small_targets(TARGET_PX)]
    problems += [f"third-party request {url}" for url in visit.foreign_requests()]
    if keyboard:
        problems += [p for p in visit.keyboard_problems() if not LATER_RADIO.search(p)]
    return [f"{theme} · {step}: {problem}" for problem in problems]


def sign_in(visit: PageVisit, origin: str, user) -> None:
    """The user's session cookie in the visit's browser, as if they had signed in there."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    visit.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": origin}]
    )


def tab_to(visit: PageVisit, selector: str) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user moves through a page."""
    page = visit.page
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED % selector):
            return
    pytest.fail(f"Tab never reaches {selector} on {page.url}")


def error_problems(visit: PageVisit, names: list[str]) -> list[str]:
    """The error summary is announced and each field in error says so, as the account forms
    do: aria-invalid, and aria-describedby naming the message shown next to it."""
    page = visit.page
    problems = []
    if not page.locator("main [role=alert]").count():
        problems.append("no error summary with role=alert")
    for name in names:
        field = page.locator(f"main [name={name}]")
        if field.get_attribute("aria-invalid") != "true":
            problems.append(f"{name}: not aria-invalid")
        described = (field.get_attribute("aria-describedby") or "").split()
        message = page.locator(f"#id_{name}_error")
        shown = message.count() and message.inner_text().strip()
        if f"id_{name}_error" not in described or not shown:
            problems.append(f"{name}: no shown error tied to it ({described})")
    return problems


@pytest.fixture
def resolved_event(themed_community):
    """A resident's report, accepted, dispatched, handled and resolved: waiting for their
    answer."""
    category = CategoryFactory(name="消防通道堵塞", name_en="Blocked fire lane")
    reporter = UserFactory(display_name="花果山老王", phone="+8615012349876", phone_verified=True)
    event = make_event(themed_community, category, reporter=reporter, location="3栋2单元")
    centre = dispatcher(themed_community)
    worker = handler(category.department, themed_community)
    accept_event(event, centre, note="属实，受理")
    dispatch_event(event, centre, handler=worker)
    start_handling(event, worker)
    resolve_event(event, worker, "已清理楼道杂物，消防通道恢复畅通。")
    event.refresh_from_db()
    assert event.status == EventStatus.RESOLVED
    return event


@pytest.mark.parametrize("theme", list(THEMES))
def test_the_reporter_says_settled_by_keyboard_in_every_theme(
    browser, live_server, themed_community, resolved_event, theme
):
    change_theme(themed_community, theme)
    origin = origin_of(live_server, themed_community)
    url = origin + reverse("governance:event_detail", args=[resolved_event.reference])
    visit = PageVisit(browser, url, viewport=PHONE, elder=False)
    problems: list[str] = []
    try:
        page = visit.page
        assert visit.response.status == 200
        assert not page.locator("form.event-feedback").count(), "a stranger is asked"

        sign_in(visit, origin, resolved_event.reporter)
        visit.response = page.goto(url, wait_until="load")
        assert visit.response.status == 200
        problems += step_problems(visit, "resolved event", theme, keyboard=True)

        tab_to(visit, "input[name=satisfaction]")
        assert page.evaluate("document.activeElement.id") == "id_satisfaction_0"
        page.keyboard.press("Space")
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        assert page.is_checked("#id_satisfaction_3")  # "Satisfied", 4 of 5
        tab_to(visit, "button[value=confirm]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == url

        resolved_event.refresh_from_db()
        assert resolved_event.status == EventStatus.CLOSED
        assert resolved_event.satisfaction == 4
        assert said("Thank you. The matter is closed as settled.") in page.inner_text("main")
        assert not page.locator("form.event-feedback").count()
        problems += step_problems(visit, "closed event", theme)
    finally:
        visit.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", list(THEMES))
def test_a_grid_worker_reports_by_keyboard_in_every_theme(
    browser, live_server, themed_community, theme
):
    change_theme(themed_community, theme)
    category = CategoryFactory(name="消防通道堵塞", name_en="Blocked fire lane")
    grid = Grid.objects.create(community=themed_community, code="HGS-01", name="第一网格")
    worker = grid_worker(grid, display_name="网格员小王")
    origin = origin_of(live_server, themed_community)
    url = origin + reverse("governance:grid_report")
    visit = PageVisit(browser, url, viewport=PHONE, elder=False)
    problems: list[str] = []
    try:
        page = visit.page
        assert "/accounts/login/" in page.url  # signed out: asked to sign in first

        sign_in(visit, origin, worker)
        visit.response = page.goto(url, wait_until="load")
        assert visit.response.status == 200
        problems += step_problems(visit, "report form", theme, keyboard=True)

        tab_to(visit, "main button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert visit.response is not None
        assert not Event.objects.exists()
        problems += step_problems(visit, "report form with errors", theme)
        problems += [
            f"{theme} · report form with errors: {problem}"
            for problem in error_problems(visit, ["category", "title", "description"])
        ]

        page.select_option("select[name=category]", str(category.pk))
        page.fill("input[name=title]", "3栋楼道堆放杂物")
        page.fill("textarea[name=description]", "3栋2单元楼道堆满纸箱，堵住了消防通道。")
        page.fill("input[name=location]", "3栋后面的消防通道")
        tab_to(visit, "main button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        event = Event.objects.get()
        assert event.source == EventSource.GRID_WORKER
        assert event.grid == grid and event.reporter == worker
        assert event.reference in page.locator("main [role=status]").inner_text()
        problems += step_problems(visit, "reported", theme)
    finally:
        visit.close()
    assert not problems, "\n".join(problems)
