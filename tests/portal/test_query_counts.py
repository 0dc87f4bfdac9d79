"""The city portal's home page costs the same number of queries with 3 communities as with 30.

The directory lists every community, so its rows grow, but not its queries. See
``tests/communities/test_query_counts.py`` for the warm and cold cache measurements.
"""

from communities.models import Community
from tests.conftest import assert_page_queries

# Warm-cache queries: the site, the active locale, the home page, view restrictions, the
# districts, the communities with their subdistricts, the navigation and the language links.
PAGES = {"portal home": ("/", 9), "English portal home": ("/en/", 10)}
SIZES = (3, 30)
PORTAL_HOST = {"HTTP_HOST": "localhost"}


def test_portal_home_costs_the_same_at_3_and_30_communities(
    client, make_community, django_assert_num_queries
):
    for size in SIZES:
        while Community.objects.count() < size:
            make_community()
        for name, (path, warm) in PAGES.items():
            body = assert_page_queries(
                client, django_assert_num_queries, path, warm, f"{name}, {size}", **PORTAL_HOST
            )
            assert body.count(".localhost") >= size
