"""Every theme, every kind of public page, phone and desktop, normal and elder-friendly mode:
axe-core, same-origin requests, no sideways scrolling, target sizes, elder text size, keyboard.

Later issues add their pages to ``PUBLIC_PAGES``.
"""

import pytest

from themes.registry import THEMES
from themes.services import change_theme

from .conftest import DESKTOP, PHONE, PageVisit, origin_of

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the rollback brings back what migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# name → (path, expected status)
PUBLIC_PAGES = {
    "home": ("/", 200),
    "news list": ("/news/", 200),
    "news page": ("/news/item-1/", 200),
    "standard page": ("/about/", 200),
    "not found": ("/no-such-page/", 404),
    "English home": ("/en/", 200),
    "sign up": ("/accounts/signup/", 200),
    "sign in": ("/accounts/login/", 200),
    "privacy policy": ("/privacy/", 200),
}
KEYBOARD_PAGES = {"home", "standard page"}  # the header, nav, body links and footer
ELDER_BODY_PX = 20
ELDER_TARGET_PX = 56
TARGET_PX = 44
_MAIN_TEXT_PX = "parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"
# The display-mode button and the main navigation's links, which elder mode enlarges.
_SMALL_ELDER_CONTROLS = """minimum =>
  [...document.querySelectorAll('.display-mode__button, .site-nav a')]
    .filter(el => el.getBoundingClientRect().height < minimum - 0.5)
    .map(el => `"${el.textContent.trim()}" ${Math.round(el.getBoundingClientRect().height)}px`)"""


def page_problems(visit: PageVisit, *, theme: str, elder: bool, keyboard: bool) -> list[str]:
    page = visit.page
    problems = [str(v) for v in visit.axe_violations(enhanced_contrast=elder)]
    problems += [f"third-party request {url}" for url in visit.foreign_requests()]
    if f"theme-{theme}" not in page.evaluate("[...document.body.classList]"):
        problems.append(f"not in the {theme} theme")
    if page.evaluate("document.documentElement.classList.contains('elder')") != elder:
        problems.append("elder-friendly mode is not as asked")
    overflow = visit.horizontal_overflow()
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    problems += [f"target under {TARGET_PX}px: {t}" for t in visit.small_targets(TARGET_PX)]
    if elder:
        body_px = page.evaluate(_MAIN_TEXT_PX)
        if body_px < ELDER_BODY_PX:
            problems.append(f"body text {body_px}px in elder-friendly mode")
        small = page.evaluate(_SMALL_ELDER_CONTROLS, ELDER_TARGET_PX)
        problems += [f"elder-mode control under {ELDER_TARGET_PX}px: {t}" for t in small]
    if keyboard:
        problems += visit.keyboard_problems()
    return problems


@pytest.mark.parametrize("theme", list(THEMES))
def test_theme_is_accessible_on_phone_and_desktop_in_both_modes(
    browser, live_server, themed_community, theme
):
    change_theme(themed_community, theme)
    origin = origin_of(live_server, themed_community)
    problems: list[str] = []
    for name, (path, status) in PUBLIC_PAGES.items():
        for elder in (False, True):
            for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                where = f"{theme} · {name} · {width_name}{' · elder' if elder else ''}"
                visit = PageVisit(browser, origin + path, viewport=viewport, elder=elder)
                try:
                    assert visit.response.status == status, where
                    keyboard = name in KEYBOARD_PAGES
                    found = page_problems(visit, theme=theme, elder=elder, keyboard=keyboard)
                    problems += [f"{where}: {problem}" for problem in found]
                finally:
                    visit.close()
    assert not problems, "\n".join(problems)
