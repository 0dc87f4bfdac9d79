"""The city portal's home page costs the same number of queries with 3 communities as with 30.

The directory lists every community, so its rows grow, but not its queries. See
``tests/communities/test_query_counts.py`` for the warm and cold cache measurements.
"""

from django.core.cache import cache
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from communities.models import Community

# Warm-cache queries: the site, the active locale, the home page, view restrictions, the
# districts, the communities with their subdistricts, the navigation and the language links.
PAGES = {"portal home": ("/", 9), "English portal home": ("/en/", 10)}
COLD_EXTRA = 1  # site_paths.build: every site with its root page's translations
SIZES = (3, 30)
PORTAL_HOST = {"HTTP_HOST": "localhost"}


def test_portal_home_costs_the_same_at_3_and_30_communities(
    client, make_community, django_assert_num_queries
):
    for size in SIZES:
        while Community.objects.count() < size:
            make_community()
        for name, (path, warm) in PAGES.items():
            # Once first, so process-wide caches (content types, locales) are not counted.
            assert client.get(path, **PORTAL_HOST).status_code == 200
            cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
            with django_assert_num_queries(warm + COLD_EXTRA, info=f"{name}, {size}, cold"):
                response = client.get(path, **PORTAL_HOST)
            assert response.status_code == 200
            with django_assert_num_queries(warm, info=f"{name}, {size}, warm"):
                response = client.get(path, **PORTAL_HOST)
            assert response.status_code == 200
        assert response.content.decode().count(".localhost") >= size
