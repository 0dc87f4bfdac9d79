"""Find my community (查找我的社区) on the city portal, by Chinese name or pinyin."""

import re

import pytest
from django.urls import reverse

from communities.factories import DistrictFactory
from tests.conftest import assert_accessible_basics

PORTAL = {"HTTP_HOST": "localhost"}
URL = reverse("find_community")


def found(response) -> list[str]:
    """Community names in the result list, in the order shown."""
    match = re.search(r'<ul class="item-list">(.*?)</ul>', response.content.decode(), re.S)
    if match is None:
        return []
    return re.findall(r'<li><a href="[^"]+"(?: lang="zh-Hans")?>([^<]+)</a>', match.group(1))


def search(client, query: str, **extra):
    return client.get(URL, {"q": query}, **{**PORTAL, **extra})


@pytest.fixture
def city(make_community, community_a, community_b):
    """南山区: 招商街道 花果山社区, 蛇口街道 湾厦社区; 福田区: 园岭街道 长岭社区."""
    DistrictFactory(name="福田区", code="440304")
    changling = make_community(
        district="福田区", subdistrict="园岭街道", name="长岭社区", slug="futian-yuanling-cl"
    )
    return {"a": community_a, "b": community_b, "changling": changling}


# Each query is checked in one test over one city: provisioning a city per query would make
# these tests take minutes. The assertion message names the query that failed.
NAME_QUERIES = [
    "花果山社区",  # the full name
    "花果山",  # without 社区
    "花果",  # the beginning
    "果山",  # the middle
    " 花果山 社区 ",  # spaces anywhere
    "huaguoshan",  # pinyin
    "huaguoshanshequ",  # pinyin with shequ
    "hua guo shan",  # pinyin with spaces
    "hua'guo-shan",  # pinyin with apostrophes or hyphens
    "HuaGuo",  # mixed case, partial
    "guoshan",  # partial from the middle
    "hgs",  # initials
    "ＨＵＡＧＵＯ",  # full-width letters from a Chinese input method
    "花果shan",  # half characters, half pinyin
    "花果善",  # a wrong character that sounds right
    "南山区招商街道花果山社区",  # the whole address
]


def test_finds_a_community_by_name_or_pinyin(client, city):
    for query in NAME_QUERIES:
        response = search(client, query)
        assert response.status_code == 200, query
        assert found(response)[:1] == ["花果山社区"], query


def test_result_links_to_the_community_site_on_the_request_port(client, city):
    response = search(client, "花果山", HTTP_HOST="localhost:8000")
    assert 'href="http://nanshan-zhaoshang-hgs.localhost:8000/"' in response.content.decode()


def test_english_search_links_to_the_english_community_home(client, city):
    response = client.get("/en/find-community/", {"q": "hgs"}, **PORTAL)
    body = response.content.decode()
    assert 'href="http://nanshan-zhaoshang-hgs.localhost/en/"' in body
    assert "Huaguoshan" in body  # pinyin shown beside the Chinese name for English readers


def test_polyphone_names_are_found_by_their_local_reading(client, city):
    # pypinyin reads 长岭 "zhangling" and 湾厦 "wansha"; residents type "changling", "wanxia".
    assert found(search(client, "changling")) == ["长岭社区"]
    assert found(search(client, "zhangling")) == ["长岭社区"]
    assert found(search(client, "wanxia")) == ["湾厦社区"]


AREA_QUERIES = [
    ("南山区", {"花果山社区", "湾厦社区"}),
    ("南山", {"花果山社区", "湾厦社区"}),
    ("nanshan", {"花果山社区", "湾厦社区"}),
    ("招商街道", {"花果山社区"}),
    ("蛇口", {"湾厦社区"}),
    ("zhaoshang", {"花果山社区"}),
    ("福田区", {"长岭社区"}),
]


def test_a_district_or_subdistrict_lists_its_communities(client, city):
    for query, expected in AREA_QUERIES:
        assert set(found(search(client, query))) == expected, query


def test_exact_matches_come_first(client, make_community):
    for name, slug in [
        ("东花园社区", "n-d-dhy"),
        ("花园城社区", "n-h-hyc"),
        ("花园社区", "n-h-hy"),
    ]:
        make_community(subdistrict="花园街道", name=name, slug=slug)
    assert found(search(client, "花园")) == ["花园社区", "花园城社区", "东花园社区"]
    assert found(search(client, "huayuan")) == ["花园社区", "花园城社区", "东花园社区"]
    assert found(search(client, "hy"))[0] == "花园社区"


def test_no_match_explains_what_to_try(client, city):
    response = search(client, "不存在的地方")
    assert response.status_code == 200
    body = response.content.decode()
    assert found(response) == []
    assert "没有找到与“不存在的地方”相符的社区" in body
    assert "按区浏览全部社区" in body


def test_empty_query_invites_a_search(client, city):
    for query in ("", "   "):
        response = search(client, query)
        assert response.status_code == 200
        assert found(response) == []
        assert "请在上方输入社区名称" in response.content.decode()


def test_a_query_without_q_is_an_empty_search(client, city):
    response = client.get(URL, **PORTAL)
    assert response.status_code == 200
    assert "请在上方输入社区名称" in response.content.decode()


def test_over_long_query_is_refused_with_a_reason(client, city):
    response = search(client, "花" * 51)
    assert response.status_code == 400
    body = response.content.decode()
    assert "请最多输入 50 个字" in body
    assert found(response) == []
    # Exactly the limit is still a search.
    assert search(client, "花" * 50).status_code == 200


ODD_QUERIES = [
    "'; DROP TABLE communities_community; --",
    "%",
    "_",
    "\\",
    "花果山' OR '1'='1",
    "😀🏠",
    "\x00花果山",
    "\u200b",
    "社区",
    "ｓｈｅｑｕ",
    "ǚ",
    "a" * 50,
]


def test_odd_input_never_fails(client, city):
    for query in ODD_QUERIES:
        assert search(client, query).status_code == 200, repr(query)
    assert client.get(URL, {"q": ["花果山", "湾厦"]}, **PORTAL).status_code == 200


def test_wildcards_are_not_wildcards(client, city):
    assert found(search(client, "%")) == []
    assert found(search(client, "_")) == []


def test_html_in_the_query_is_escaped(client, city):
    response = search(client, '<script>alert("x")</script>')
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


def test_a_single_letter_finds_every_pinyin_containing_it(client, city):
    # huaguoshan, wanxia, changling: short input is partial input, not an error.
    response = search(client, "a")
    assert response.status_code == 200
    assert len(found(response)) == 3


def test_results_are_capped(client, city, monkeypatch):
    monkeypatch.setattr("portal.views.MAX_RESULTS", 2)
    response = search(client, "社区")
    assert len(found(response)) == 2
    assert "下面列出最接近的 2 个" in response.content.decode()


def test_post_is_not_allowed(client, city):
    assert client.post(URL, {"q": "花果山"}, **PORTAL).status_code == 405


def test_communities_without_a_site_are_not_listed(client, city):
    city["b"].site = None
    city["b"].save(update_fields=["site"])
    assert found(search(client, "湾厦")) == []


def test_find_page_keeps_the_accessibility_basics(client, city):
    for query in ("", "花果", "不存在的地方", "花" * 51):
        for url in (URL, "/en" + URL):
            response = client.get(url, {"q": query}, **PORTAL)
            assert_accessible_basics(response.content.decode())
            assert '<label for="find-q">' in response.content.decode()
