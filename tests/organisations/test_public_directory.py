"""The directory of social organisations (organisations.views.directory): every organisation on
the city portal, those serving a community on its site; search, type filter, sort by
transparency index (not yet rated last), pagination and a constant number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organisations.factories import OrganisationFactory, published_disclosure
from organisations.models import Organisation, OrganisationType
from tests.conftest import assert_accessible_basics, host_of, shown, shown_plural

YEAR = timezone.localdate().year


def names(html: str) -> list[str]:
    """The organisations' names in the order the directory lists them."""
    return re.findall(r'<h2 class="org-list__name"><a href="[^"]+">([^<]+)</a>', html)


def listing(client, path: str = "/organisations/", **request) -> str:
    response = client.get(path, **request)
    assert response.status_code == 200, (path, response.status_code)
    html = response.content.decode()
    assert_accessible_basics(html)
    return html


@pytest.fixture
def three(db):
    return [
        OrganisationFactory(name="甲社工服务社", transparency_index=50),
        OrganisationFactory(
            name="乙基金会",
            name_en="B Foundation",
            organisation_type=OrganisationType.FOUNDATION,
            transparency_index=90,
        ),
        OrganisationFactory(name="丙志愿者协会", transparency_index=None, is_active=False),
    ]


def test_the_portal_lists_every_organisation_and_a_community_those_serving_it(
    client, portal, three, community_a
):
    three[0].communities.add(community_a)
    on_portal = listing(client)
    assert sorted(names(on_portal)) == sorted(o.name for o in three)
    on_site = listing(client, **host_of(community_a))
    assert names(on_site) == ["甲社工服务社"]
    assert community_a.name in on_site


def test_each_row_shows_type_index_in_words_published_count_and_deregistration(
    client, portal, three
):
    published_disclosure(three[1], None, YEAR - 1, date(YEAR - 1, 6, 1))
    html = listing(client)
    assert shown("Foundation") in html
    assert shown("Transparency index: %(index)s/100", index=90) in html
    assert shown("Transparency index: not yet rated") in html
    assert shown("Deregistered") in html
    rows = {name: row for name, row in re.findall(r'">([^<]+)</a></h2>(.*?)</li>', html, re.S)}
    singular, plural = "%(counter)s published disclosure", "%(counter)s published disclosures"
    assert shown_plural(singular, plural, 1, counter=1) in rows["乙基金会"]
    assert shown_plural(singular, plural, 0, counter=0) in rows["甲社工服务社"]


def test_sorting_by_index_puts_the_not_yet_rated_last(client, portal, three):
    assert names(listing(client, "/organisations/?sort=index")) == [
        "乙基金会", "甲社工服务社", "丙志愿者协会",
    ]  # fmt: skip
    assert names(listing(client, "/organisations/?sort=index_low")) == [
        "甲社工服务社", "乙基金会", "丙志愿者协会",
    ]  # fmt: skip


def test_search_by_name_or_credit_code_and_filter_by_type(client, portal, three):
    assert names(listing(client, "/organisations/?q=社工")) == ["甲社工服务社"]
    assert names(listing(client, f"/organisations/?q={three[2].credit_code}")) == ["丙志愿者协会"]
    assert names(listing(client, "/en/organisations/?q=foundation")) == ["B Foundation"]
    by_type = listing(client, "/organisations/?type=foundation")
    assert names(by_type) == ["乙基金会"]
    assert names(listing(client, "/organisations/?q=没有这个组织")) == []


@pytest.mark.parametrize(
    "query",
    ["?sort=bogus", "?page=abc", "?page=9999", "?page=-1", "?type=nonsense", "?q=" + "x" * 500],
)
def test_bad_sort_page_or_filter_values_still_show_the_directory(client, portal, three, query):
    html = listing(client, "/organisations/" + query)
    assert len(names(html)) in (3, 0)


def test_twenty_a_page(client, portal):
    for n in range(23):
        OrganisationFactory(name=f"组织{n:02d}")
    first = listing(client)
    assert len(names(first)) == 20 and "page=2" in first
    assert len(names(listing(client, "/organisations/?page=2"))) == 3


def test_the_directory_costs_the_same_queries_for_3_or_40_organisations(
    client, portal, community_a, django_assert_max_num_queries
):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            organisation = OrganisationFactory(name=f"组织{n:03d}", transparency_index=n % 100)
            organisation.communities.add(community_a)
            published_disclosure(organisation, None, YEAR - 1, date(YEAR - 1, 6, 1))

    add(3, 0)
    for request in ({}, host_of(community_a)):
        client.get("/organisations/?sort=index", **request)  # warm process-wide caches
        with CaptureQueriesContext(connection) as few:
            assert client.get("/organisations/?sort=index", **request).status_code == 200
        add(37, len(Organisation.objects.all()))
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get("/organisations/?sort=index", **request)
        assert len(names(response.content.decode())) == 20
