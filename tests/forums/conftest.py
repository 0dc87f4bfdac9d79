"""Fixtures of the forums suite: a community's forum and "say" pages, its residents, rules."""

import pytest
from wagtail.models import Page

from accounts.factories import UserFactory
from accounts.services.residency import approve_residency, request_residency
from communities.models import Community, CommunitySettings, Participation
from forums.models import Board, ForumIndexPage, PostIndexPage


def forum_page(community: Community) -> ForumIndexPage:
    """The community's forum page (社区论坛), in Chinese."""
    return ForumIndexPage.objects.get(pk=_child(community, "forum").pk)


def say_page(community: Community) -> PostIndexPage:
    """The community's "I have something to say" page (我有话说), in Chinese."""
    return PostIndexPage.objects.get(pk=_child(community, "say").pk)


def _child(community: Community, slug: str) -> Page:
    return community.site.root_page.get_children().get(slug=slug)


def route_url(page, name: str, **kwargs) -> str:
    """The path (on the community's own host) of one of a routable page's routes:
    ``route_url(forum, "topic", topic_id=1)`` → "/forum/topic/1/"."""
    _site_id, _root, path = page.get_url_parts()
    return path + page.reverse_subpage(name, kwargs=kwargs or None)


def set_post_rule(community: Community, rule: str) -> None:
    settings = CommunitySettings.for_site(community.site)
    settings.who_may_post = rule
    settings.save()


@pytest.fixture
def residents_only(community_a):
    """community_a lets only its verified residents post."""
    set_post_rule(community_a, Participation.RESIDENTS)


@pytest.fixture
def resident_a(community_a, editor_a):
    """A verified resident (认证居民) of community_a, living in 3栋."""
    user = UserFactory(username="resident-a", display_name="花果山老张")
    approve_residency(editor_a, request_residency(user, community_a, building="3栋", unit="1"))
    return user


@pytest.fixture
def signed_in_user(db):
    """Signed in, but nobody's verified resident."""
    return UserFactory(username="passer-by", display_name="路人甲")


@pytest.fixture
def board_a(community_a) -> Board:
    return Board.objects.filter(community=community_a).order_by("sort_order").first()
