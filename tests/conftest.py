"""Fixtures shared by the whole suite. Data comes from factories and the real services."""

import pytest
from django.core.cache import cache

from accounts.factories import UserFactory
from communities.factories import CommunityFactory, DistrictFactory
from portal.services import ensure_portal


@pytest.fixture(autouse=True)
def _clear_cache():
    # The cache outlives each test's rolled-back transaction; Wagtail keeps site root paths
    # in it, so a stale list would point at sites that no longer exist.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal(db):
    return ensure_portal()


@pytest.fixture
def district(db):
    return DistrictFactory(name="南山区", code="440305")


@pytest.fixture
def make_community(portal, district):
    def make(**kwargs):
        kwargs.setdefault("district", district.name)
        return CommunityFactory(**kwargs)

    return make


@pytest.fixture
def community_a(make_community):
    return make_community(subdistrict="招商街道", name="花果山社区", slug="nanshan-zhaoshang-hgs")


@pytest.fixture
def community_b(make_community):
    return make_community(subdistrict="蛇口街道", name="湾厦社区", slug="nanshan-shekou-wanxia")


@pytest.fixture
def editor_a(community_a):
    user = UserFactory(username="editor-a")
    user.groups.add(community_a.editors_group)
    return user


@pytest.fixture
def moderator_a(community_a):
    user = UserFactory(username="moderator-a")
    user.groups.add(community_a.moderators_group)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def host_of(community) -> dict:
    """Keyword arguments that make the test client talk to a community's site."""
    return {"HTTP_HOST": community.hostname}
