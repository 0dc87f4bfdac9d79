"""The one-stop services pages (一站式服务) and the social organisations' pages (社会组织) in
every theme, on a 360 px phone, with the demo city's data: axe-core, same-origin requests, no
sideways scrolling, target sizes and the keyboard. Then a signed-in resident asks an
organisation a question by keyboard only.

One live-server data setup per test: the pages are visited theme after theme in one test
(the seed is the costly part, a page visit is not)."""

import pytest
from django.urls import reverse

from accounts.demo import demo_login, ensure_demo_people
from organisations.demo import seed_demo_organisations
from organisations.models import Disclosure, DisclosureStatus, Organisation, OrganisationQuestion
from services_directory.demo import seed_demo_service_points
from services_directory.models import ServiceItem, ServicePoint
from tests.conftest import said
from themes.registry import THEMES
from themes.services import change_theme

from .conftest import PHONE, PageVisit, origin_of
from .test_governance import sign_in, step_problems, tab_to
from .test_themes import page_problems

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the rollback brings back what migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ELDER_CARE = "深圳市福田区园岭街道长者关爱协会"  # the first demo organisation: answered questions
SOCIAL_WORK = "深圳市福田区彩虹社会工作服务中心"  # runs the community's service centre


@pytest.fixture
def demo_community(live_server, make_community):
    """A community with the demo logins, its service points and the demo organisations."""
    community = make_community(subdistrict="园岭街道", name="罗田社区", slug="yuanling-luotian")
    ensure_demo_people(community)
    seed_demo_service_points([community])
    seed_demo_organisations([community])
    return community


def _pages(community) -> dict[str, tuple[str, dict[str, int]]]:
    """name → (path, {selector in main: how many}), so that a check of an empty page fails."""
    items = ServiceItem.objects.filter(is_active=True)
    city_items = items.filter(community__isnull=True)
    item = (
        city_items.filter(at_window=True, at_terminal=True).exclude(online_url="").first()
        or city_items.first()
    )
    materials = len(item.lines("materials"))
    shown_items = city_items.count() + items.filter(community=community).count()
    points = ServicePoint.objects.filter(community=community, is_active=True).count()
    elder_care = Organisation.objects.get(name=ELDER_CARE)
    corrected = Disclosure.objects.get(
        organisation=elder_care, status=DisclosureStatus.PUBLISHED, version=2
    )
    return {
        "services index": (
            reverse("services_directory:index"),
            {".services-item": shown_items, ".services-places__list > li": points},
        ),
        "service item": (
            reverse("services_directory:detail", args=[item.pk]),
            {".services-materials li": materials, ".services-where": 1},
        ),
        "checklist": (
            reverse("services_directory:checklist", args=[item.pk]),
            {".services-checklist__list li": materials},
        ),
        "organisations": (
            reverse("social_organisations:directory"),
            {".org-list__item": Organisation.objects.count()},
        ),
        "organisation": (
            reverse("social_organisations:detail", args=[elder_care.pk]),
            {".org-question": 2, ".org-answer": 2},
        ),
        "disclosure with history": (
            reverse("social_organisations:disclosure", args=[elder_care.pk, corrected.pk]),
            {".disclosure-versions > li": 2, ".disclosure-correction-reason": 1},
        ),
    }


def test_service_and_organisation_pages_pass_axe_in_every_theme(
    browser, live_server, demo_community
):
    origin = origin_of(live_server, demo_community)
    pages = _pages(demo_community)
    problems: list[str] = []
    for theme in THEMES:
        change_theme(demo_community, theme)
        for name, (path, shown) in pages.items():
            where = f"{theme} · {name}"
            visit = PageVisit(browser, origin + path, viewport=PHONE, elder=False)
            try:
                assert visit.response.status == 200, where
                found = page_problems(visit, theme=theme, elder=False, keyboard=True)
                for selector, count in shown.items():
                    seen = visit.page.locator(f"main {selector}").count()
                    if seen != count:
                        found.append(f"{seen} × {selector}, not {count}")
                problems += [f"{where}: {problem}" for problem in found]
            finally:
                visit.close()
    assert not problems, "\n".join(problems)


def test_a_resident_asks_an_organisation_a_question_by_keyboard(
    browser, live_server, demo_community
):
    theme = "civic"
    change_theme(demo_community, theme)
    origin = origin_of(live_server, demo_community)
    resident = demo_login("resident")
    organisation = Organisation.objects.get(name=SOCIAL_WORK)
    path = reverse("social_organisations:detail", args=[organisation.pk])
    before = set(OrganisationQuestion.objects.values_list("pk", flat=True))
    visit = PageVisit(browser, origin + path, viewport=PHONE, elder=False)
    problems: list[str] = []
    try:
        page = visit.page
        sign_in(visit, origin, resident)
        visit.response = page.goto(origin + path, wait_until="load")
        assert visit.response.status == 200
        problems += step_problems(visit, "question form", theme, keyboard=True)
        page.goto(origin + path, wait_until="load")  # focus back at the top

        tab_to(visit, "main form.org-ask textarea[name=body]")
        page.keyboard.type("长者饭堂可以为行动不便的老人送餐上门吗？")
        tab_to(visit, "main form.org-ask button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        asked = OrganisationQuestion.objects.exclude(pk__in=before).get()
        assert (asked.organisation, asked.author) == (organisation, resident)
        assert asked.body == "长者饭堂可以为行动不便的老人送餐上门吗？"
        assert asked.disclosure is None and asked.answer == ""
        assert page.url.endswith(f"{path}#question-{asked.pk}")
        main = page.inner_text("main")
        assert said("Thank you. Your question is published; the organisation answers it here.") in (
            main
        )
        question = page.locator(f"main #question-{asked.pk}")
        assert "长者饭堂可以为行动不便的老人送餐上门吗？" in question.inner_text()
        assert resident.display_name in question.inner_text()  # the public name, nothing more
        # The page opens at the new question (#question-…), where Tab goes on from: the walk
        # from the top was checked on the same page before.
        problems += step_problems(visit, "question published", theme)
    finally:
        visit.close()
    assert not problems, "\n".join(problems)
