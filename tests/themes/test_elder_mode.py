"""Elder-friendly mode (长辈模式): a plain form on every page, remembered in a cookie."""

import pytest

from themes.display_mode import COOKIE

from ..conftest import assert_accessible_basics, host_of


@pytest.mark.parametrize("path", ["/", "/news/", "/about/", "/no-such-page/"])
def test_every_page_has_the_switch_as_a_form_that_needs_no_javascript(client, community_a, path):
    body = client.get(path, **host_of(community_a)).content.decode()
    assert '<form class="display-mode" method="post" action="/display-mode/">' in body
    assert f'name="next" value="{path}"' in body
    assert 'aria-pressed="false"' in body
    assert "<script" not in body


def test_the_portal_has_the_switch_too(client, portal):
    body = client.get("/", HTTP_HOST="localhost").content.decode()
    assert 'action="/display-mode/"' in body


def test_turning_it_on_sets_a_lasting_cookie_and_goes_back(client, community_a):
    response = client.post(
        "/display-mode/", {"elder": "on", "next": "/news/?category=notice"}, **host_of(community_a)
    )
    assert response.status_code == 302
    assert response["Location"] == "/news/?category=notice"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "1" and int(cookie["max-age"]) >= 30 * 24 * 3600
    assert cookie["samesite"] == "Lax" and cookie["httponly"]


def test_in_elder_mode_pages_load_the_elder_styles_and_say_the_switch_is_on(client, community_a):
    client.cookies[COOKIE] = "1"
    response = client.get("/news/", **host_of(community_a))
    body = response.content.decode()
    assert '<html lang="zh-Hans" class="elder">' in body
    assert "/static/css/elder.css" in body
    assert 'aria-pressed="true"' in body and 'name="elder" value="off"' in body
    assert "Cookie" in response["Vary"]
    assert_accessible_basics(body)


def test_turning_it_off_removes_the_cookie(client, community_a):
    client.cookies[COOKIE] = "1"
    response = client.post("/display-mode/", {"elder": "off", "next": "/"}, **host_of(community_a))
    assert response.cookies[COOKIE].value == ""
    assert 'class="elder"' not in client.get("/", **host_of(community_a)).content.decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_it_never_redirects_off_the_site(client, community_a, target):
    response = client.post(
        "/display-mode/", {"elder": "on", "next": target}, **host_of(community_a)
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_get_is_refused_without_changing_anything(client, community_a):
    response = client.get("/display-mode/", {"elder": "on"}, **host_of(community_a))
    assert response.status_code == 405
    assert COOKIE not in response.cookies
