"""A community's pages cost the same number of queries with 3 communities as with 30.

Every community is provisioned by the real service. Each page is measured with Wagtail's site
root paths cached (warm) and after clearing that cache (cold); a cold cache costs exactly
the one query of ``communities.site_paths.build``, however many sites there are. Without it,
Wagtail would spend one more query per site, and each URL would scan every site's entry.
"""

import pytest
from wagtail.models import Page

from communities.factories import NewsPageFactory
from communities.models import Community, NewsCategory
from portal.models.base import subtree_q
from tests.conftest import assert_page_queries, host_of

# Warm-cache queries per page: the site, the active locale, routing (a page and its specific
# row per level below the home), view restrictions, the community, the page's own content,
# the navigation, the language links and the community's settings; a news page also its
# comments (one query for the whole thread, however long).
PAGES = {
    "home": ("/", 12),
    "news index": ("/news/", 14),
    "news page": ("/news/item-1/", 14),
    "English home": ("/en/", 13),
}
SIZES = (3, 30)


def grow_to(make_community, communities: int) -> None:
    while Community.objects.count() < communities:
        make_community()


@pytest.fixture
def community_with_news(community_a):
    news_index = community_a.site.root_page.get_children().get(slug="news")
    for number in range(8):
        category = NewsCategory.NOTICE if number % 2 else NewsCategory.NEWS
        NewsPageFactory(parent=news_index, slug=f"item-{number}", category=category)
    return community_a


def test_community_pages_cost_the_same_at_3_and_30_communities(
    client, community_with_news, make_community, django_assert_num_queries
):
    host = host_of(community_with_news)
    for size in SIZES:
        grow_to(make_community, size)
        for name, (path, warm) in PAGES.items():
            body = assert_page_queries(
                client, django_assert_num_queries, path, warm, f"{name}, {size}", **host
            )
            assert community_with_news.name in body


def test_subtree_ranges_select_what_wagtails_lookups_select(community_with_news, community_b):
    """The pages' get_context and the navigation use ``subtree_q`` for its index."""
    for page in Page.objects.all():
        descendants = Page.objects.filter(subtree_q(page.path, page.depth))
        children = Page.objects.filter(subtree_q(page.path, page.depth, children_only=True))
        assert list(descendants) == list(Page.objects.descendant_of(page))
        assert list(children) == list(Page.objects.child_of(page))
