"""Fixtures of the polls suite: a community's polls page, its verified residents, outsiders."""

import pytest
from wagtail.models import Page

from accounts.factories import UserFactory
from accounts.services.residency import approve_residency, request_residency
from communities.models import Community
from polls.models import PollIndexPage


def poll_page(community: Community) -> PollIndexPage:
    """The community's polls page (民意议事), in Chinese."""
    child: Page = community.site.root_page.get_children().get(slug="polls")
    return PollIndexPage.objects.get(pk=child.pk)


def route_url(page, name: str, **kwargs) -> str:
    """The path (on the community's own host) of one of a routable page's routes:
    ``route_url(polls, "survey", survey_id=1)`` → "/polls/survey/1/"."""
    _site_id, _root, path = page.get_url_parts()
    return path + page.reverse_subpage(name, kwargs=kwargs or None)


def make_resident(community: Community, verifier, **kwargs):
    """A new verified resident (认证居民) of ``community``."""
    user = UserFactory(**kwargs)
    approve_residency(verifier, request_residency(user, community, building="3栋", unit="1"))
    return user


@pytest.fixture
def polls_a(community_a) -> PollIndexPage:
    return poll_page(community_a)


@pytest.fixture
def resident_a(community_a, editor_a):
    """A verified resident of community_a."""
    return make_resident(community_a, editor_a, username="resident-a", display_name="花果山老张")


@pytest.fixture
def resident_a2(community_a, editor_a):
    """Another verified resident of community_a."""
    return make_resident(community_a, editor_a, username="resident-a2", display_name="水帘洞小李")


@pytest.fixture
def editor_b(community_b):
    user = UserFactory(username="editor-b")
    user.groups.add(community_b.editors_group)
    return user


@pytest.fixture
def resident_b(community_b, editor_b):
    """A verified resident of community_b (not of community_a)."""
    return make_resident(community_b, editor_b, username="resident-b", display_name="高老庄老猪")


@pytest.fixture
def signed_in_user(db):
    """Signed in, but nobody's verified resident."""
    return UserFactory(username="passer-by", display_name="路人甲")
