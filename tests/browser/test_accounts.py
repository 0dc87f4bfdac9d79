"""Sign-up, phone verification and residency pages in every theme, driven as a resident would:
on a 360 px phone, checked with axe-core at each step, nothing loaded from a third party."""

import re

import pytest

from accounts.models import Residency, ResidencyStatus, SmsMessage, User
from themes.registry import THEMES
from themes.services import change_theme

from .conftest import PHONE, PageVisit, origin_of
from .test_themes import TARGET_PX

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the rollback brings back what migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Lychee-Harbour-2026"


def step_problems(visit: PageVisit, step: str, theme: str) -> list[str]:
    page = visit.page
    page.wait_for_load_state()
    problems = [str(v) for v in visit.axe_violations(enhanced_contrast=False)]
    if f"theme-{theme}" not in page.evaluate("[...document.body.classList]"):
        problems.append("not in the theme")
    overflow = visit.horizontal_overflow()
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    problems += [f"target under {TARGET_PX}px: {t}" for t in visit.small_targets(TARGET_PX)]
    return [f"{theme} · {step}: {problem}" for problem in problems]


def latest_code(phone: str) -> str:
    body = SmsMessage.objects.filter(phone=phone).latest("created_at").body
    match = re.search(r"(?<!\d)(\d{6})(?!\d)", body)
    assert match, body
    return match.group(1)


@pytest.mark.parametrize("theme", list(THEMES))
def test_a_resident_signs_up_verifies_and_asks_to_join_in_every_theme(
    browser, live_server, themed_community, theme
):
    change_theme(themed_community, theme)
    origin = origin_of(live_server, themed_community)
    visit = PageVisit(browser, origin + "/accounts/signup/", viewport=PHONE, elder=False)
    problems: list[str] = []
    try:
        page = visit.page
        problems += step_problems(visit, "sign-up form", theme)

        # A mistake first: the error must be as accessible as the form.
        page.fill("input[name=phone]", "12345")
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.fill("input[name=display_name]", "榕树下")
        page.check("input[name=accept_privacy_policy]")
        page.locator("main form:has(input[name=phone]) button[type=submit]").first.click()
        problems += step_problems(visit, "sign-up form with an error", theme)
        assert not User.objects.filter(display_name="榕树下").exists()

        page.fill("input[name=phone]", "138 1234 5678")
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        if not page.is_checked("input[name=accept_privacy_policy]"):
            page.check("input[name=accept_privacy_policy]")
        page.locator("main form:has(input[name=phone]) button[type=submit]").first.click()
        page.wait_for_selector("input[name=code]")
        problems += step_problems(visit, "phone verification", theme)

        page.fill("input[name=code]", latest_code("+8613812345678"))
        page.locator("main form:has(input[name=code]) button[type=submit]").first.click()
        page.wait_for_load_state()
        user = User.objects.get(phone="+8613812345678")
        assert user.phone_verified

        page.goto(origin + "/accounts/residency/request/")
        problems += step_problems(visit, "residency request", theme)
        page.fill("input[name=building]", "3栋")
        page.fill("input[name=unit]", "1502")
        page.locator("main form:has(input[name=building]) button[type=submit]").first.click()
        page.wait_for_load_state()
        residency = Residency.objects.get(user=user)
        assert residency.status == ResidencyStatus.PENDING
        assert residency.community == themed_community

        page.goto(origin + "/accounts/residency/")
        problems += step_problems(visit, "residency status", theme)
        assert "3栋" in page.content()
        problems += [f"{theme}: third-party request {url}" for url in visit.foreign_requests()]
    finally:
        visit.close()
    assert not problems, "\n".join(problems)
