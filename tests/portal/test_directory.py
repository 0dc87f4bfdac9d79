"""The city portal's directory: district → subdistrict → community, linking every site."""

import re
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.factories import DistrictFactory
from tests.conftest import assert_accessible_basics

PORTAL = {"HTTP_HOST": "localhost"}


def directory_links(body: str) -> dict[str, str]:
    """Community name → link, from the directory section of the portal home."""
    section = body.split('id="directory-heading"', 1)[1]
    pairs = re.findall(r'<li><a href="([^"]+)">(?:<span lang="zh-Hans">)?([^<]+)<', section)
    return {name: url for url, name in pairs}


def test_lists_districts_subdistricts_and_communities_in_order(client, community_a, community_b):
    DistrictFactory(name="大鹏新区", code="440307")  # no community yet: not listed
    response = client.get("/", **PORTAL)
    assert response.status_code == 200
    body = response.content.decode()
    section = body.split('id="directory-heading"', 1)[1]
    assert section.count('<details class="directory__district">') == 1
    assert "大鹏新区" not in section
    # 南山区 › 招商街道 › 花果山社区 and 南山区 › 蛇口街道 › 湾厦社区, each under its subdistrict.
    order = [section.index(text) for text in ("南山区", "2 个社区", "招商街道", "花果山社区")]
    assert order == sorted(order)
    zhaoshang, shekou = section.index("<h3>招商街道</h3>"), section.index("<h3>蛇口街道</h3>")
    assert zhaoshang < section.index("花果山社区") < shekou < section.index("湾厦社区")


def test_every_community_link_opens_that_communitys_site(client, community_a, community_b):
    links = directory_links(client.get("/", **PORTAL).content.decode())
    assert set(links) == {"花果山社区", "湾厦社区"}
    for name, url in links.items():
        parts = urlsplit(url)
        response = client.get(parts.path, HTTP_HOST=parts.netloc)
        assert response.status_code == 200, url
        assert f'<h1 class="page-title">{name}</h1>' in response.content.decode()


def test_links_use_the_scheme_and_port_the_portal_was_reached_on(client, community_a):
    links = directory_links(client.get("/", HTTP_HOST="localhost:8000").content.decode())
    assert links["花果山社区"] == "http://nanshan-zhaoshang-hgs.localhost:8000/"
    links = directory_links(client.get("/", HTTP_HOST="localhost", secure=True).content.decode())
    assert links["花果山社区"] == "https://nanshan-zhaoshang-hgs.localhost/"
    links = directory_links(
        client.get("/", HTTP_HOST="localhost:8443", secure=True).content.decode()
    )
    assert links["花果山社区"] == "https://nanshan-zhaoshang-hgs.localhost:8443/"


def test_english_portal_links_to_the_english_community_homes(client, community_a):
    body = client.get("/en/", **PORTAL).content.decode()
    assert directory_links(body)["花果山社区"] == "http://nanshan-zhaoshang-hgs.localhost/en/"
    assert "Huaguoshan" in body  # the pinyin helps readers who cannot read the name
    response = client.get("/en/", HTTP_HOST=community_a.hostname)
    assert '<h1 class="page-title">Huaguoshan Community</h1>' in response.content.decode()


def test_communities_without_a_site_are_left_out(client, community_a, community_b):
    community_b.site = None
    community_b.save(update_fields=["site"])
    links = directory_links(client.get("/", **PORTAL).content.decode())
    assert set(links) == {"花果山社区"}


def test_an_empty_city_says_so(client, portal):
    response = client.get("/", **PORTAL)
    assert response.status_code == 200
    assert "还没有开通任何社区网站" in response.content.decode()


def test_directory_query_count_does_not_grow_with_communities(client, make_community):
    make_community(subdistrict="招商街道", name="花果山社区", slug="n-z-hgs")
    client.get("/", **PORTAL)  # warm the site root paths cache
    with CaptureQueriesContext(connection) as one:
        client.get("/", **PORTAL)
    for number in range(5):
        make_community(subdistrict=f"街道{number}", name=f"社区{number}", slug=f"n-s-{number}")
    client.get("/", **PORTAL)
    with CaptureQueriesContext(connection) as six:
        response = client.get("/", **PORTAL)
    assert len(directory_links(response.content.decode())) == 6
    assert len(six.captured_queries) == len(one.captured_queries)


def test_portal_home_keeps_the_accessibility_basics(client, community_a, community_b):
    for path in ("/", "/en/"):
        assert_accessible_basics(client.get(path, **PORTAL).content.decode())
