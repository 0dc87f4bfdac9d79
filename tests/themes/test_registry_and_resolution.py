"""The eight themes are complete, and every request gets its own community's theme."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.utils import translation

from communities.models import CommunitySettings
from themes.registry import DEFAULT_THEME, THEMES, get_theme
from themes.resolution import template_names_for, theme_template_names
from themes.services import change_theme

from ..conftest import host_of

ROOT = Path(__file__).resolve().parent.parent.parent


def test_there_are_eight_themes_and_the_default_is_one_of_them():
    assert len(THEMES) == 8
    assert DEFAULT_THEME in THEMES
    assert get_theme("no-longer-exists").slug == DEFAULT_THEME
    assert get_theme(None).slug == DEFAULT_THEME


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_theme_has_its_templates_stylesheet_and_preview(theme):
    assert get_template(theme.base_template).origin.name.endswith(f"{theme.slug}/base.html")
    assert finders.find(theme.stylesheet), theme.stylesheet
    preview = finders.find(theme.preview)
    assert preview, f"{theme.preview}: run `make screenshots`"
    assert Path(preview).stat().st_size > 10_000, "a real picture, not a placeholder"
    css = Path(finders.find(theme.stylesheet)).read_text(encoding="utf-8")
    # Nothing a theme loads may come from elsewhere: no web fonts, no remote pictures.
    assert "@import" not in css and "@font-face" not in css and "//" not in css.replace("/*", "")
    for name in ("--elder-header-bg", "--elder-nav-bg", "--elder-accent"):
        assert name in css, f"{theme.slug} does not say how it looks in elder-friendly mode"


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_theme_has_a_chinese_and_an_english_name_and_description(theme):
    with translation.override("en"):
        english = (str(theme.name), str(theme.description), str(theme.navigation))
    with translation.override("zh-hans"):
        chinese = (str(theme.name), str(theme.description), str(theme.navigation))
    for en, zh in zip(english, chinese, strict=True):
        assert en and zh and en != zh
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh


def test_theme_templates_come_before_the_shared_ones():
    assert theme_template_names("communities/news_page.html", "ink") == [
        "themes/ink/communities/news_page.html",
        "communities/news_page.html",
    ]
    assert template_names_for(None, ["a.html", "b.html"]) == [
        f"themes/{DEFAULT_THEME}/a.html",
        f"themes/{DEFAULT_THEME}/b.html",
        "a.html",
        "b.html",
    ]


def test_a_new_community_gets_the_default_theme(client, community_a):
    body = client.get("/", **host_of(community_a)).content.decode()
    assert f'class="theme-{DEFAULT_THEME} ' in body
    assert f"/static/themes/{DEFAULT_THEME}/theme.css" in body


def test_the_portal_uses_the_default_theme_without_creating_settings_for_it(client, portal):
    body = client.get("/", HTTP_HOST="localhost").content.decode()
    assert f'class="theme-{DEFAULT_THEME} ' in body
    assert not CommunitySettings.objects.filter(site__is_default_site=True).exists()


def test_two_communities_served_one_after_another_each_get_their_own_theme(
    client, community_a, community_b
):
    change_theme(community_a, "garden")
    change_theme(community_b, "ink")
    # Alternate, in one process and one client, pages of both kinds: any theme held over from
    # the previous request (a module global, a cached template, a thread-local) would show.
    for _round in range(3):
        for community, theme, other in (
            (community_a, "garden", "ink"),
            (community_b, "ink", "garden"),
        ):
            for path in ("/", "/news/", "/about/", "/no-such-page/"):
                body = client.get(path, **host_of(community)).content.decode()
                assert f'class="theme-{theme} ' in body, (community.name, path)
                assert f"themes/{theme}/theme.css" in body
                assert f"themes/{other}/" not in body


def test_a_theme_change_shows_on_the_sites_next_request_only(client, community_a, community_b):
    host_a, host_b = host_of(community_a), host_of(community_b)
    assert f"theme-{DEFAULT_THEME} " in client.get("/", **host_a).content.decode()
    change_theme(community_a, "tiles")
    assert "theme-tiles " in client.get("/", **host_a).content.decode()
    assert f"theme-{DEFAULT_THEME} " in client.get("/", **host_b).content.decode()


def test_pages_of_a_theme_use_its_own_templates(client, community_a):
    change_theme(community_a, "tiles")
    names = [t.name for t in client.get("/", **host_of(community_a)).templates]
    assert "themes/tiles/base.html" in names
    assert names[0] in (
        "themes/tiles/communities/community_home_page.html",
        "communities/community_home_page.html",
    )


def test_plain_django_views_are_themed_like_pages(client, community_a):
    # find-community is a plain view (render_themed), served on every community's host too.
    change_theme(community_a, "bulletin")
    response = client.get("/find-community/", {"q": "花果"}, **host_of(community_a))
    assert response.status_code == 200
    assert "themes/bulletin/base.html" in [t.name for t in response.templates]
    assert 'class="theme-bulletin ' in response.content.decode()
