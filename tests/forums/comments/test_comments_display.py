"""How a news page shows its comments: the thread, the local avatar, public names only,
inert user text, what hidden and held comments look like, the reply form, accessibility,
and a query count that does not grow with the number of comments."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from accounts.factories import UserFactory
from communities.factories import NewsPageFactory
from communities.models import Community, NewsPage
from forums.comments.services import post_comment, set_comment_visibility
from forums.models import Visibility
from tests.conftest import assert_accessible_basics, assert_page_queries, host_of, shown

PATH = "/news/item-1/"


class Elements(HTMLParser):
    """Every element of a piece of HTML with its attributes (what a browser would build)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, {name.lower(): value or "" for name, value in attrs}))


def make_news(community: Community, slug: str = "item-1") -> NewsPage:
    news_index = community.site.root_page.get_children().get(slug="news")
    return NewsPageFactory(parent=news_index, slug=slug, title="东门路灯维修通知")


@pytest.fixture
def news_a(community_a) -> NewsPage:
    return make_news(community_a)


@pytest.fixture
def many_posts(settings):
    """Lift the posting rate limit: these tests post a lot on purpose."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post:user": "1000/m", "post:ip": "1000/m"}


def comment(author, page, text, parent=None, minutes_ago=0):
    when = timezone.now() - timedelta(minutes=minutes_ago)
    return post_comment(author, page, text, parent=parent, now=when)


def get(client, community, path=PATH) -> str:
    response = client.get(path, **host_of(community))
    assert response.status_code == 200
    return response.content.decode()


def test_the_thread_shows_nested_replies_with_names_and_counts(
    client, community_a, news_a, resident_a, signed_in_user
):
    top = comment(resident_a, news_a, "路灯修好了吗？")
    reply = comment(signed_in_user, news_a, "昨晚已经亮了。", parent=top)
    comment(resident_a, news_a, "太好了，谢谢。", parent=reply)

    html = get(client, community_a)

    assert shown("Comments (%(number)s)", number=3) in html
    assert html.index("路灯修好了吗") < html.index("昨晚已经亮了") < html.index("太好了")
    assert html.count('class="comment-list comment-list--replies"') == 2
    assert "花果山老张" in html and "路人甲" in html
    assert shown("Verified resident") in html  # resident_a's badge
    # Replies below the deepest level are not offered.
    assert html.count("?reply_to=") == 2
    assert f"?reply_to={top.pk}#comment-form" in html


def test_no_gravatar_and_only_the_local_avatar(client, community_a, news_a, resident_a):
    comment(resident_a, news_a, "头像测试")

    html = get(client, community_a)

    assert "gravatar" not in html.lower()
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)
    assert "/static/img/avatar-default.svg" in sources
    assert all(not urlsplit(src).netloc for src in sources), sources


def test_the_default_avatar_is_a_self_contained_svg():
    from django.contrib.staticfiles import finders

    svg = Path(finders.find("img/avatar-default.svg")).read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "href" not in svg and "<script" not in svg and "url(" not in svg


def test_only_the_public_name_is_shown_never_the_real_name(client, community_a, news_a):
    author = UserFactory(
        username="wang", display_name="东门老王", real_name="王建国", first_name="建国"
    )
    comment(author, news_a, "我来说两句")

    html = get(client, community_a)

    assert "东门老王" in html
    assert "王建国" not in html and "建国" not in html.replace("东门老王", "")
    assert XtdComment.objects.get().user_name == "东门老王"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<svg onload="alert(1)"><circle r="1"/></svg>',
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_xss_payloads_come_out_inert(client, community_a, news_a, resident_a, payload):
    comment(resident_a, news_a, payload)

    html = get(client, community_a)
    section = Elements()
    section.feed(html[html.index('id="comments"') :])

    tags = {tag for tag, _attrs in section.elements}
    assert not tags & {"script", "svg", "iframe", "object", "embed", "style"}, tags
    for tag, attrs in section.elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not attrs.get("href", "").strip().lower().startswith("javascript:"), attrs
        if tag == "img":
            assert attrs["src"] == "/static/img/avatar-default.svg", attrs


def test_a_hostile_display_name_comes_out_inert(client, community_a, news_a):
    author = UserFactory(username="mallory", display_name='"><svg onload=alert(1)>')
    comment(author, news_a, "普通的评论")

    html = get(client, community_a)
    section = Elements()
    section.feed(html[html.index('id="comments"') :])

    assert "svg" not in {tag for tag, _attrs in section.elements}
    assert all(not name.startswith("on") for _tag, attrs in section.elements for name in attrs)


def test_a_hidden_comment_is_invisible_and_its_replies_keep_their_place(
    client, community_a, news_a, resident_a, signed_in_user
):
    top = comment(resident_a, news_a, "被隐藏的评论")
    comment(signed_in_user, news_a, "这条回复还在", parent=top)
    set_comment_visibility(top, Visibility.HIDDEN)

    html = get(client, community_a)

    assert "被隐藏的评论" not in html and f'id="c{top.pk}"' not in html
    assert "这条回复还在" in html
    assert shown("This comment is not shown.") in html
    assert shown("Comments (%(number)s)", number=1) in html

    client.force_login(resident_a)
    own = get(client, community_a)
    assert "被隐藏的评论" in own
    assert shown("Only you can see this comment: a moderator has hidden it.") in own


def test_a_hidden_comment_without_replies_leaves_no_trace(client, community_a, news_a, resident_a):
    lone = comment(resident_a, news_a, "孤立的评论")
    set_comment_visibility(lone, Visibility.HIDDEN)

    html = get(client, community_a)

    assert "孤立的评论" not in html
    assert shown("This comment is not shown.") not in html
    assert shown("No comments yet.") in html


def test_visitors_get_a_sign_in_link_instead_of_the_form(client, community_a, news_a):
    html = get(client, community_a)

    assert 'id="comment-text"' not in html
    assert shown("Sign in to comment.") in html
    assert "/accounts/login/?next=/news/item-1/%23comment-form" in html


def test_a_signed_in_user_gets_a_labelled_form(client, community_a, news_a, signed_in_user):
    client.force_login(signed_in_user)

    html = get(client, community_a)

    assert f'action="/forums/comments/post/{news_a.pk}/"' in html
    assert '<label for="comment-text">' in html and 'id="comment-text"' in html
    assert "csrfmiddlewaretoken" in html
    assert_accessible_basics(html)


def test_reply_to_shows_the_form_under_that_comment(
    client, community_a, news_a, resident_a, signed_in_user
):
    top = comment(resident_a, news_a, "楼上的评论")
    client.force_login(signed_in_user)

    html = get(client, community_a, f"{PATH}?reply_to={top.pk}")

    inside = html[html.index(f'id="c{top.pk}"') :]
    assert inside.index('id="comment-form"') < inside.index("</li>")
    assert f'name="parent" value="{top.pk}"' in html
    assert html.count('id="comment-form"') == 1
    assert_accessible_basics(html)


def test_a_bad_reply_to_falls_back_to_the_new_comment_form(
    client, community_a, news_a, signed_in_user
):
    client.force_login(signed_in_user)
    for value in ("abc", "999999", ""):
        html = get(client, community_a, f"{PATH}?reply_to={value}")
        assert html.count('id="comment-form"') == 1
        assert 'name="parent"' in html and 'name="parent" value=' not in html


def test_the_news_page_with_comments_passes_the_accessibility_basics(
    client, community_a, news_a, resident_a, signed_in_user
):
    top = comment(resident_a, news_a, "第一条")
    comment(signed_in_user, news_a, "第二条", parent=top)

    assert_accessible_basics(get(client, community_a))
    client.force_login(signed_in_user)
    assert_accessible_basics(get(client, community_a))


def test_the_refusal_page_passes_the_accessibility_basics(
    client, community_a, news_a, signed_in_user
):
    client.force_login(signed_in_user)

    response = client.post(
        f"/forums/comments/post/{news_a.pk}/", {"text": ""}, **host_of(community_a)
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and 'href="#comment-text"' in html
    assert 'aria-invalid="true"' in html
    assert_accessible_basics(html)


# Warm-cache queries of the news page: the 13 of tests/communities/test_query_counts.py, plus
# the comment tree (one query, authors joined) and the resident badges (one). Signed in: the
# session, the user and the unread-notifications count of every page, plus the posting-ban
# check and the view-restriction check for the form.
ANONYMOUS_QUERIES = 13 + 2
SIGNED_IN_QUERIES = 13 + 3 + 4


@pytest.mark.parametrize("size", [3, 30])
def test_the_query_count_does_not_grow_with_the_comments(
    client, community_a, news_a, resident_a, signed_in_user, many_posts, size,
    django_assert_num_queries,
):  # fmt: skip
    authors = [resident_a, signed_in_user]
    parent = None
    for number in range(size):
        made = comment(authors[number % 2], news_a, f"评论 {number}", parent=parent)
        parent = made if made.level < 2 and number % 3 else None

    html = assert_page_queries(
        client, django_assert_num_queries, PATH, ANONYMOUS_QUERIES, f"anonymous, {size}",
        **host_of(community_a),
    )  # fmt: skip
    assert shown("Comments (%(number)s)", number=size) in html
    client.force_login(signed_in_user)
    html = assert_page_queries(
        client, django_assert_num_queries, PATH, SIGNED_IN_QUERIES, f"signed in, {size}",
        **host_of(community_a),
    )  # fmt: skip
    assert 'id="comment-text"' in html
