"""Choosing a theme: the service, its audit entry, and the admin screen editors use."""

import re

import pytest
from wagtail.models import ModelLogEntry

from communities.models import CommunitySettings
from themes.registry import DEFAULT_THEME, THEMES
from themes.services import THEME_CHANGE_ACTION, ThemeError, change_theme

from ..conftest import changed_tables, database_rows, host_of


def theme_of(community) -> str:
    row = CommunitySettings.objects.filter(site_id=community.site_id).first()
    return row.theme if row else DEFAULT_THEME


def choose_url(community) -> str:
    return f"/admin/themes/{community.pk}/"


def test_change_theme_records_who_changed_what(community_a, editor_a):
    change_theme(community_a, "harbour", user=editor_a)
    assert theme_of(community_a) == "harbour"
    entry = ModelLogEntry.objects.get(action=THEME_CHANGE_ACTION)
    assert entry.user == editor_a
    assert entry.data == {"community": community_a.name, "from": DEFAULT_THEME, "to": "harbour"}
    assert "海港蓝" in str(entry.message) or "Harbour blue" in str(entry.message)


def test_choosing_the_theme_in_use_changes_and_logs_nothing(community_a):
    change_theme(community_a, DEFAULT_THEME)
    before = database_rows()
    change_theme(community_a, DEFAULT_THEME)
    assert changed_tables(before, database_rows()) == {}


def test_an_unknown_theme_is_refused_and_nothing_is_saved(community_a):
    before = database_rows()
    with pytest.raises(ThemeError):
        change_theme(community_a, "comic-sans")
    assert changed_tables(before, database_rows()) == {}


def test_editor_sees_every_theme_with_its_preview_and_the_current_one_checked(
    client, editor_a, community_a
):
    client.force_login(editor_a)
    response = client.get(choose_url(community_a))
    assert response.status_code == 200
    body = response.content.decode()
    radios = re.findall(r'<input type="radio" name="theme" value="([a-z]+)"[^>]*>', body)
    assert radios == list(THEMES)
    assert re.search(rf'value="{DEFAULT_THEME}"[^>]*checked', body)
    for slug in THEMES:
        assert f"/static/themes/previews/{slug}.png" in body
        assert f'<label for="theme-{slug}">' in body


def test_editor_changes_the_theme_and_the_public_site_follows(client, editor_a, community_a):
    client.force_login(editor_a)
    response = client.post(choose_url(community_a), {"theme": "magazine"})
    assert response.status_code == 302
    assert theme_of(community_a) == "magazine"
    assert ModelLogEntry.objects.filter(action=THEME_CHANGE_ACTION, user=editor_a).count() == 1
    client.logout()
    assert "theme-magazine " in client.get("/", **host_of(community_a)).content.decode()


def test_an_editor_with_one_community_goes_straight_to_it(client, editor_a, community_a):
    client.force_login(editor_a)
    response = client.get("/admin/themes/")
    assert response.status_code == 302
    assert response["Location"] == choose_url(community_a)


def test_editor_cannot_touch_another_communitys_theme(client, editor_a, community_b):
    client.force_login(editor_a)
    before = database_rows()
    assert client.get(choose_url(community_b)).status_code == 404
    assert client.post(choose_url(community_b), {"theme": "ink"}).status_code == 404
    assert changed_tables(before, database_rows()) == {}


def test_anonymous_visitors_are_sent_to_log_in(client, community_a):
    response = client.post(choose_url(community_a), {"theme": "ink"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert theme_of(community_a) == DEFAULT_THEME


@pytest.mark.parametrize("posted", [{}, {"theme": ""}, {"theme": "comic-sans"}])
def test_a_bad_choice_gets_a_clear_message_tied_to_the_field(client, editor_a, community_a, posted):
    client.force_login(editor_a)
    before = database_rows()
    response = client.post(choose_url(community_a), posted)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="theme-errors"' in body and 'role="alert"' in body
    assert 'aria-describedby="theme-errors"' in body
    assert changed_tables(before, database_rows()) == {}


def test_the_settings_form_does_not_offer_the_theme_without_its_previews(
    client, editor_a, community_a
):
    client.force_login(editor_a)
    body = client.get(
        f"/admin/settings/communities/communitysettings/{community_a.site_id}/"
    ).content.decode()
    assert 'name="theme"' not in body


def test_a_city_administrator_finds_a_community_among_many(
    client, superuser, community_a, community_b
):
    change_theme(community_b, "lantern")
    client.force_login(superuser)
    body = client.get("/admin/themes/", {"q": "湾厦"}).content.decode()
    assert community_b.name in body and community_a.name not in body
    assert str(THEMES["lantern"].name) in body


def test_the_menu_offers_the_theme_page_to_editors_only(client, editor_a, moderator_a):
    client.force_login(editor_a)
    assert "/admin/themes/" in client.get("/admin/").content.decode()
    client.force_login(moderator_a)
    response = client.get("/admin/")
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "/admin/themes/" not in response.content.decode()


def test_theme_changes_show_in_the_city_administrators_history_report(
    client, superuser, editor_a, community_a
):
    change_theme(community_a, "ink", user=editor_a)
    client.force_login(superuser)
    body = client.get("/admin/reports/site-history/").content.decode()
    assert "更换主题模板" in body  # the action's label
    assert "将网站主题模板从“政务红”改为“水墨”" in body


def test_editors_see_their_own_sites_theme_history_and_no_one_elses(
    client, editor_a, superuser, community_a, community_b
):
    change_theme(community_a, "ink", user=editor_a)
    change_theme(community_b, "tiles", user=superuser)
    client.force_login(editor_a)
    body = client.get(choose_url(community_a)).content.decode()
    assert "将网站主题模板从“政务红”改为“水墨”" in body and "editor-a" in body
    assert "磁贴" not in body.split('class="theme-history"')[1]
