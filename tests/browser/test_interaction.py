"""Elder-friendly mode without JavaScript, and an editor switching the theme in the admin."""

import pytest

from accounts.factories import UserFactory
from themes.registry import THEMES
from themes.services import change_theme

from .conftest import DESKTOP, PHONE, PageVisit, origin_of

MAIN_TEXT_PX = "parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"
pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the rollback brings back what migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_elder_mode_switches_on_and_off_without_javascript_and_is_remembered(
    browser, live_server, themed_community
):
    change_theme(themed_community, "lantern")
    origin = origin_of(live_server, themed_community)
    visit = PageVisit(browser, origin + "/news/", viewport=PHONE, elder=False, javascript=False)
    try:
        page = visit.page
        normal_px = page.evaluate(MAIN_TEXT_PX)
        page.get_by_role("button", name="长辈模式").click()
        page.wait_for_load_state()
        assert page.url == origin + "/news/"
        assert page.evaluate("document.documentElement.classList.contains('elder')")
        elder_px = page.evaluate(MAIN_TEXT_PX)
        assert elder_px >= 20 and elder_px > normal_px
        page.goto(origin + "/about/")  # remembered on the next page
        assert page.evaluate("document.documentElement.classList.contains('elder')")
        button = page.get_by_role("button", name="长辈模式")
        assert button.get_attribute("aria-pressed") == "true"
        button.click()
        page.wait_for_load_state()
        assert not page.evaluate("document.documentElement.classList.contains('elder')")
    finally:
        visit.close()


def test_an_editor_switches_the_theme_in_the_admin_and_the_site_changes(
    browser, live_server, themed_community
):
    editor = UserFactory(username="theme-editor")
    editor.set_password("correct horse battery")
    editor.save()
    editor.groups.add(themed_community.editors_group)
    site = origin_of(live_server, themed_community) + "/"
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        public = context.new_page()
        public.goto(site)
        assert "theme-civic" in public.evaluate("document.body.className")

        admin = context.new_page()
        admin.goto(live_server.url + "/admin/login/")
        admin.fill("input[name=username]", "theme-editor")
        admin.fill("input[name=password]", "correct horse battery")
        admin.press("input[name=password]", "Enter")
        admin.wait_for_url(live_server.url + "/admin/")
        admin.goto(live_server.url + "/admin/themes/")
        assert admin.url.endswith(f"/admin/themes/{themed_community.pk}/")
        for theme in THEMES.values():  # every preview is really shown
            image = admin.locator(f"label[for=theme-{theme.slug}] img")
            image.scroll_into_view_if_needed()  # the previews load lazily
            image.evaluate("img => img.decode()")
            assert image.evaluate("img => img.naturalWidth") > 0, theme.slug
        admin.check("#theme-garden")
        admin.get_by_role("button", name="使用此主题").click()
        admin.wait_for_load_state()
        assert "邻里绿" in admin.locator(".messages").inner_text()

        public.reload()
        assert "theme-garden" in public.evaluate("document.body.className")
        stylesheets = public.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)"
        )
        assert any(href.endswith("/static/themes/garden/theme.css") for href in stylesheets)
    finally:
        context.close()
