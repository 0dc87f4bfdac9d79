"""Every community gets a polls page; the admin menu and the page answer."""

from .conftest import poll_page


def test_provisioning_gives_every_community_a_polls_page(community_a, community_b):
    for community in (community_a, community_b):
        page = poll_page(community)
        assert page.live
        assert page.url_path.endswith("/polls/")
