"""The forum's pages cost a fixed number of queries (查询次数): a topic page with 100 replies
costs the same on its first and its last page as a topic with 5, signed out and signed in.

Warm-cache counts (``assert_page_queries`` also checks the cold one, +1). Signed out, a topic
page is the site, the locale, Wagtail's routing to the forum page (3 pages, aliases, view
restrictions), the community, then the topic with its board, author and event,
the count and the page of replies (each with its author, quoted reply and that one's author),
the community's settings, the verified residents among all authors shown (one query), the
navigation and the language links. Signing in adds the session, the user, a posting ban,
"do I follow it" and the inbox's unread count.
"""

import pytest

from tests.conftest import assert_page_queries, host_of, said_plural
from tests.forums.forum.conftest import topic_with_replies, url

TOPIC_PAGE = {"anonymous": 15, "signed in": 20}
BOARD_LIST = {"anonymous": 12, "signed in": 15}
BOARD_PAGE = {"anonymous": 15, "signed in": 21}


@pytest.fixture
def topics(board_a):
    return {
        "100 replies": topic_with_replies(board_a, 100),
        "5 replies": topic_with_replies(board_a, 5),
    }


@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_a_topic_page_costs_the_same_whatever_the_replies(
    client, community_a, topics, poster, who, django_assert_num_queries
):
    if who == "signed in":
        client.force_login(poster)
    big, small = topics["100 replies"], topics["5 replies"]
    pages = {
        "100 replies, page 1": url(community_a, "topic", topic_id=big.pk),
        "100 replies, last page": url(community_a, "topic", topic_id=big.pk) + "?page=5",
        "5 replies": url(community_a, "topic", topic_id=small.pk),
    }
    for label, path in pages.items():
        body = assert_page_queries(
            client,
            django_assert_num_queries,
            path,
            TOPIC_PAGE[who],
            f"{label}, {who}",
            **host_of(community_a),
        )
        assert body.count('class="forum-reply"') == (5 if label == "5 replies" else 20)
        assert 'class="forum-quote"' in body


@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_the_board_pages_cost_a_fixed_number_of_queries(
    client, community_a, board_a, topics, poster, who, django_assert_num_queries
):
    if who == "signed in":
        client.force_login(poster)
    # The "new since your last visit" counts come with the board list's one query.
    front = assert_page_queries(
        client,
        django_assert_num_queries,
        url(community_a, "boards"),
        BOARD_LIST[who],
        f"board list, {who}",
        **host_of(community_a),
    )
    new_count = said_plural(
        "%(count)s new since your last visit", "%(count)s new since your last visit", 2, count=2
    )
    assert (new_count in front) == (who == "signed in")
    assert_page_queries(
        client,
        django_assert_num_queries,
        url(community_a, "board", board_slug=board_a.slug),
        BOARD_PAGE[who],
        f"board page, {who}",
        **host_of(community_a),
    )
