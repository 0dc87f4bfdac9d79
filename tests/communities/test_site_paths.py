"""``communities.site_paths`` gives Wagtail's answers, in a constant number of queries.

Wagtail's own implementation is the reference: its ``Site.get_site_root_paths`` (kept by
``site_paths.install``) and its ``Page`` URL methods (``site_paths.stock_wagtail`` hides
BasePage's overrides). The city has several community sites in two languages, the default
portal site, a site whose root is a community's English home and one rooted below a home.
"""

import itertools

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from communities import site_paths
from communities.factories import NewsPageFactory
from portal.models import BasePage


def clear_site_root_paths() -> None:
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)


def wagtails_list() -> list:
    clear_site_root_paths()
    return site_paths.wagtail_get_site_root_paths()


def our_list() -> list:
    clear_site_root_paths()
    return Site.get_site_root_paths()


def news_of(community):
    return community.site.root_page.get_children().get(slug="news")


@pytest.fixture
def city(portal, make_community):
    """Three communities with news, plus two unusual sites."""
    communities = [
        make_community(subdistrict="招商街道", name="花果山社区", slug="nanshan-zhaoshang-hgs"),
        # A slug that starts with the first one's: prefix matching must stop at a "/".
        make_community(subdistrict="招商街道", name="花果山二社区", slug="nanshan-zhaoshang-hgs2"),
        make_community(subdistrict="蛇口街道", name="湾厦社区", slug="nanshan-shekou-wanxia"),
    ]
    for community in communities:
        NewsPageFactory(parent=news_of(community), slug="item")
    first = communities[0]
    english_home = first.site.root_page.get_translations().get(locale__language_code="en")
    # An English-only host for the first community, and a site rooted at its "about" page.
    Site.objects.create(hostname="hgs-en.example.org", root_page=english_home)
    about = first.site.root_page.get_children().get(slug="about")
    Site.objects.create(hostname="about.example.org", port=8080, root_page=about)
    return communities


def test_install_keeps_wagtails_own_builder():
    assert Site.get_site_root_paths is site_paths.get_site_root_paths
    original = site_paths._wagtail_builder
    assert original.__module__ == "wagtail.models.sites"
    assert original.__qualname__ == "Site.get_site_root_paths"


def test_the_list_equals_wagtails(city):
    ours = our_list()
    assert ours == wagtails_list()
    # Every site in both languages, the default portal site included.
    assert len(ours) == 2 * Site.objects.count()
    portal_site = Site.objects.get(is_default_site=True)
    assert {p.language_code for p in ours if p.site_id == portal_site.pk} == {"zh-hans", "en"}


@override_settings(WAGTAIL_I18N_ENABLED=False)
def test_the_list_equals_wagtails_without_i18n(city):
    assert our_list() == wagtails_list()
    assert len(our_list()) == Site.objects.count()


def test_a_warm_list_costs_no_query_and_no_copy(city, django_assert_num_queries):
    built = our_list()
    with django_assert_num_queries(0):
        assert Site.get_site_root_paths() is built


def test_another_process_reads_the_shared_list(city, monkeypatch, django_assert_num_queries):
    built = our_list()
    monkeypatch.setattr(site_paths, "_current", None)  # a process that has not seen it yet
    with django_assert_num_queries(0):
        shared = Site.get_site_root_paths()
    assert shared == built
    assert all(type(entry) is type(built[0]) for entry in shared)


def test_changes_to_sites_and_root_pages_are_seen_at_once(city):
    Site.get_site_root_paths()
    site = Site.objects.get(hostname="hgs-en.example.org")
    site.hostname = "english.example.org"
    site.save()  # Wagtail clears its cache key, which holds our token
    assert "http://english.example.org" in {p.root_url for p in Site.get_site_root_paths()}
    english_home = site.root_page.specific
    english_home.slug = "hgs-english"
    english_home.save()  # a site root: Wagtail clears the key again
    ours = Site.get_site_root_paths()
    assert "/hgs-english/" in {p.root_path for p in ours}
    assert ours == wagtails_list()


def test_wagtails_own_cache_format_is_rebuilt(city):
    expected = wagtails_list()  # leaves Wagtail's list under the key
    assert Site.get_site_root_paths() == expected


def test_cold_build_takes_one_query_whatever_the_number_of_sites(
    make_community, django_assert_num_queries
):
    for count in (3, 8):
        while Site.objects.count() < count + 1:  # + the portal
            make_community()
        clear_site_root_paths()
        with django_assert_num_queries(1):
            Site.get_site_root_paths()
        with django_assert_num_queries(0):
            Site.get_site_root_paths()
        # What it replaces: Wagtail asks for each site's translations separately.
        clear_site_root_paths()
        with django_assert_num_queries(1 + Site.objects.count()):
            site_paths.wagtail_get_site_root_paths()


def test_index_finds_what_wagtails_scan_finds(city):
    root_paths = our_list()
    url_paths = set(Page.objects.values_list("url_path", flat=True))
    url_paths |= {"/", "/nanshan-zhaoshang-hgs2/x/", "/nanshan-zhaoshang-hgs-en/about/x/"}
    holder = type("Holder", (), {})()
    for url_path in sorted(url_paths):
        expected = tuple(p for p in root_paths if url_path.startswith(p.root_path))
        assert site_paths.relevant_site_root_paths(url_path, root_paths, holder) == expected


def url_answers(requests: dict, sites: dict) -> dict:
    """Every URL method's answer for every page, from fresh objects (nothing cached)."""
    answers = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for page in Page.objects.specific().order_by("path"):
                key = (language, page.url_path)
                answers[key, "url"] = page.url
                answers[key, "full_url"] = page.full_url
                answers[key, "url_parts"] = page.get_url_parts()
                for (name, request), (site_name, site) in itertools.product(
                    requests.items(), sites.items()
                ):
                    answers[key, name, "get_url"] = page.get_url(request)
                    answers[key, name, "get_full_url"] = page.get_full_url(request)
                    answers[key, name, "relative_url", site_name] = page.relative_url(site, request)
                    answers[key, name, "current_site", site_name] = page.get_url(
                        request=request, current_site=site
                    )
    return answers


def fresh_requests(city) -> dict:
    factory = RequestFactory()
    return {
        "none": None,
        "community": factory.get("/", HTTP_HOST=city[0].hostname),
        "other": factory.get("/", HTTP_HOST=city[2].hostname),
        "portal": factory.get("/", HTTP_HOST="localhost"),
        "about-site": factory.get("/", HTTP_HOST="about.example.org:8080"),
        "unknown-host": factory.get("/", HTTP_HOST="nowhere.example.org"),
    }


def test_page_urls_equal_wagtails(city):
    sites = {"own": city[0].site, "other": city[2].site, "none": None}
    clear_site_root_paths()
    ours = url_answers(fresh_requests(city), sites)
    assert any(isinstance(page, BasePage) for page in Page.objects.specific())
    clear_site_root_paths()
    with site_paths.stock_wagtail(BasePage):
        assert "get_url" not in vars(BasePage)
        stock = url_answers(fresh_requests(city), sites)
    assert "get_url" in vars(BasePage)
    assert Site.get_site_root_paths is site_paths.get_site_root_paths
    assert ours == stock


def test_page_urls_are_what_a_resident_expects(city):
    """Spot checks, so that "equal to Wagtail" cannot mean "equally wrong"."""
    factory = RequestFactory()
    on_own_site = factory.get("/", HTTP_HOST=city[0].hostname)
    on_portal = factory.get("/", HTTP_HOST="localhost")
    item = news_of(city[0]).get_children().get(slug="item").specific
    english_news = news_of(city[0]).get_translations().get().specific

    assert item.get_url(on_own_site) == "/news/item/"
    assert item.get_url(on_portal) == "http://nanshan-zhaoshang-hgs.localhost/news/item/"
    assert item.full_url == "http://nanshan-zhaoshang-hgs.localhost/news/item/"
    assert english_news.get_url(on_own_site) == "/en/news/"
    assert english_news.relative_url(city[2].site) == (
        "http://nanshan-zhaoshang-hgs.localhost/en/news/"
    )
    second_item = news_of(city[1]).get_children().get(slug="item").specific
    assert second_item.get_url(on_own_site) == (
        "http://nanshan-zhaoshang-hgs2.localhost/news/item/"
    )


def test_the_index_is_built_once_per_list(city):
    factory = RequestFactory()
    pages = list(Page.objects.specific().filter(depth__gt=1))
    pages[0].get_url(factory.get("/", HTTP_HOST=city[0].hostname))
    indexed = site_paths._indexed
    assert indexed[0] is Site.get_site_root_paths()
    for page in pages:
        page.get_url(factory.get("/", HTTP_HOST=city[2].hostname))
    assert site_paths._indexed is indexed
