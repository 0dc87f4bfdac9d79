"""The column's pages (我有话说): the listing and its filters, who sees which post, photos,
and user text that stays inert."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from accounts.factories import UserFactory
from forums.factories import PostFactory
from forums.models import Post, PostKind, PostPhoto, Visibility
from forums.services.posts import answer_post, submit_post
from governance.services import (
    accept_event,
    confirm_event,
    dispatch_event,
    resolve_event,
    start_handling,
)
from tests.conftest import assert_accessible_basics, assert_page_queries, host_of, said, shown
from tests.forums.posts.conftest import (
    client_for,
    jpeg_with_gps,
    list_url,
    new_url,
    post_url,
)

pytestmark = pytest.mark.django_db

XSS_TITLE = "<script>alert(1)</script><svg onload=alert(1)>"
XSS_BODY = "\n\n".join((
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<a href="javascript:x">click</a>',
))  # fmt: skip


def page(client, community, path: str = "", query: str = "") -> str:
    response = client.get((path or list_url(community)) + query, **host_of(community))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def complaint_post(author, community, category, title: str = "路灯不亮", **kwargs) -> Post:
    return submit_post(author, community, kind=PostKind.COMPLAINT, title=title,
                       body=f"{title}，请尽快处理。", category=category, **kwargs)  # fmt: skip


@pytest.fixture
def many_kinds(community_a, editor_a, resident_a, category, dispatcher_a, handler_a):
    """One post in each state the filter knows, plus praise (which has no state)."""
    author = resident_a
    PostFactory(community=community_a, author=author, title="等待中的建议")
    answered = PostFactory(community=community_a, author=author, kind=PostKind.CONSULTATION,
                           title="已答复的咨询")  # fmt: skip
    answer_post(editor_a, answered, "周一至周五上午办理。")
    complaint_post(author, community_a, category, "刚上报的投诉")
    handled = complaint_post(author, community_a, category, "处理中的投诉").event
    accept_event(handled, dispatcher_a)
    closed = complaint_post(author, community_a, category, "已办结的投诉").event
    accept_event(closed, dispatcher_a)
    dispatch_event(closed, dispatcher_a, handler=handler_a)
    start_handling(closed, handler_a)
    resolve_event(closed, handler_a, "已修好")
    confirm_event(closed, author, 5)
    PostFactory(community=community_a, author=author, kind=PostKind.PRAISE, title="表扬保洁")


ALL_TITLES = {
    "等待中的建议",
    "已答复的咨询",
    "刚上报的投诉",
    "处理中的投诉",
    "已办结的投诉",
    "表扬保洁",
}
FILTERS = {
    "": ALL_TITLES,
    "?status=waiting": {"等待中的建议", "刚上报的投诉"},
    "?status=in_progress": {"处理中的投诉"},
    "?status=answered_or_resolved": {"已答复的咨询"},
    "?status=closed": {"已办结的投诉"},
    "?kind=complaint": {"刚上报的投诉", "处理中的投诉", "已办结的投诉"},
    "?kind=praise": {"表扬保洁"},
    "?kind=complaint&status=waiting": {"刚上报的投诉"},
    # Unknown values are ignored, never an error.
    "?kind=rumour&status=whenever": ALL_TITLES,
    "?page=abc": ALL_TITLES,
}


@pytest.mark.parametrize("query", FILTERS)
def test_the_listing_filters_by_kind_and_status(client, community_a, many_kinds, query):
    html = page(client, community_a, query=query)
    listed = {title for title in ALL_TITLES if title in html}
    assert listed == FILTERS[query]


def test_the_listing_shows_kind_status_author_and_date(client, community_a, many_kinds):
    html = page(client, community_a)
    assert_accessible_basics(html)
    assert "event-status--closed" in html and "event-status--accepted" in html
    assert shown("Answered or resolved") in html and shown("Waiting for an answer") in html
    assert "花果山老张" in html and shown("Verified resident") in html
    assert html.count('class="post-list__item"') == len(ALL_TITLES)


def test_the_listing_costs_the_same_queries_whatever_it_shows(
    client, community_a, category, django_assert_num_queries, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post:user": "1000/m"}
    authors = [UserFactory() for _ in range(3)]

    def listing(info: str):
        for user in (None, authors[0]):
            client.logout() if user is None else client.force_login(user)
            warm = 20 if user else 14
            assert_page_queries(
                client, django_assert_num_queries, list_url(community_a), warm,
                f"{info}, {'signed in' if user else 'anonymous'}", **host_of(community_a),
            )  # fmt: skip

    for n in range(3):
        PostFactory(community=community_a, author=authors[n % 3])
    listing("3 posts")
    for n in range(20):
        PostFactory(community=community_a, author=authors[n % 3], kind=PostKind.CONSULTATION)
        complaint_post(authors[n % 3], community_a, category, f"投诉{n}")
    listing("a full page of 20, of 43")


def test_the_say_something_link_or_the_reason(client, community_a, resident_a, signed_in_user,
                                              residents_only):  # fmt: skip
    anonymous = page(client, community_a)
    assert shown("Sign in to say something") in anonymous and "/accounts/login/?next=" in anonymous
    assert f'href="{new_url(community_a)}"' not in anonymous
    assert client.get(new_url(community_a), **host_of(community_a)).status_code == 302
    resident = page(client_for(resident_a), community_a)
    assert f'href="{new_url(community_a)}"' in resident
    passer_by = page(client_for(signed_in_user), community_a)
    assert f'href="{new_url(community_a)}"' not in passer_by
    assert (
        shown(
            "Only verified residents of %(community)s may post here. Ask to be verified "
            "from your account's residency page.",
            community=community_a.name,
        )
        in passer_by
    )


def test_a_private_post_is_seen_only_by_its_author_and_the_staff(
    client, community_a, community_b, resident_a, signed_in_user, moderator_a, editor_a
):
    private = PostFactory(community=community_a, author=resident_a, is_public=False,
                          title="家里的私事")  # fmt: skip
    submitted = submit_post(resident_a, community_a, kind=PostKind.SUGGESTION, title="带图私帖",
                            body="私下反映", public=False, photos=[_clean_jpeg()])  # fmt: skip
    photo = submitted.photos.get()
    for viewer in (None, signed_in_user):
        visitor = client_for(viewer)
        assert "家里的私事" not in page(visitor, community_a)
        for post in (private, submitted):
            assert visitor.get(post_url(post), **host_of(community_a)).status_code == 404
        photo_path = post_url(submitted) + f"photo/{photo.pk}/"
        assert visitor.get(photo_path, **host_of(community_a)).status_code == 404
    # Not on another community's site, even for the author.
    author = client_for(resident_a)
    assert author.get(post_url(private), **host_of(community_b)).status_code == 404
    for viewer, notice in (
        (resident_a, "Private: only you and the community's staff see it."),
        (moderator_a, "Private: only its author and the community's staff see it."),
        (editor_a, "Private: only its author and the community's staff see it."),
    ):
        html = page(client_for(viewer), community_a, post_url(private))
        assert "家里的私事" in html and said(notice) in html
        assert "家里的私事" in page(client_for(viewer), community_a)


@pytest.mark.parametrize("state", [Visibility.HIDDEN, Visibility.HELD, Visibility.FLAGGED])
def test_a_hidden_post_is_seen_only_by_its_author_with_the_reason(
    client, community_a, resident_a, signed_in_user, state
):
    post = PostFactory(community=community_a, author=resident_a, title="被隐藏的帖子",
                       visibility=state, moderation_note="含有他人电话号码")  # fmt: skip
    for viewer in (None, signed_in_user):
        visitor = client_for(viewer)
        assert visitor.get(post_url(post), **host_of(community_a)).status_code == 404
        assert "被隐藏的帖子" not in page(visitor, community_a)
    html = page(client_for(resident_a), community_a, post_url(post))
    assert "含有他人电话号码" in html
    notice = said("Only you can see this post for now: %(state)s.")
    assert notice % {"state": post.get_visibility_display()} in html


def test_xss_payloads_come_out_inert(client, community_a, resident_a, category):
    complaint = submit_post(resident_a, community_a, kind=PostKind.COMPLAINT, title=XSS_TITLE,
                            body=XSS_BODY, category=category, location="<svg/onload=alert(1)>",
                            building='"><script>alert(1)</script>')  # fmt: skip
    for html in (page(client, community_a), page(client, community_a, post_url(complaint))):
        body = html.lower()
        assert "<script" not in body and "<svg" not in body and "<img" not in body
        assert not re.search(r"<[^>]*\son(error|load)\s*=", body)
        assert not re.search(r"<[^>]*\shref\s*=\s*[\"']?\s*javascript:", body)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown as text, not run


def _clean_jpeg():
    from portal.uploads import clean_image

    return clean_image(jpeg_with_gps())


def test_photos_lose_their_gps_and_are_served_privately(client, community_a, resident_a):
    response = client_for(resident_a).post(
        new_url(community_a),
        {"kind": "praise", "title": "保洁阿姨很负责", "body": "楼道每天都很干净。", "public": "on",
         "photos": [jpeg_with_gps(), jpeg_with_gps("IMG_0002.jpg")]},
        **host_of(community_a),
    )  # fmt: skip
    assert response.status_code == 302
    post = Post.objects.get()
    photos = list(PostPhoto.objects.filter(post=post))
    assert len(photos) == 2
    html = page(client, community_a, post_url(post))
    assert_accessible_basics(html)
    served = client.get(post_url(post) + f"photo/{photos[0].pk}/", **host_of(community_a))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"].startswith("private")
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert not image.getexif() and "exif" not in image.info
    # A photo only under its own post.
    other = PostFactory(community=community_a)
    assert (
        client.get(post_url(other) + f"photo/{photos[0].pk}/", **host_of(community_a)).status_code
        == 404
    )


def test_the_listing_pages_by_20(client, community_a):
    now = timezone.now()
    for n in range(25):
        PostFactory(
            community=community_a, title=f"帖子第{n:02d}号", created_at=now - timedelta(minutes=n)
        )
    first = page(client, community_a)
    assert "帖子第00号" in first and "帖子第19号" in first and "帖子第20号" not in first
    second = page(client, community_a, query="?page=2")
    assert "帖子第20号" in second and "帖子第24号" in second and "帖子第19号" not in second
    assert 'rel="prev"' in second
