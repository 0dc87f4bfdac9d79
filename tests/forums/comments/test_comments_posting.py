"""Posting comments on news pages (新闻评论) over HTTP: who may, threading to three levels,
and the abuse checks (ban, residents-only rule, rate limit, duplicates, banned words)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import PageViewRestriction

from accounts.factories import UserFactory
from communities.factories import NewsPageFactory
from communities.models import Community, NewsPage
from forums.comments.services import post_comment
from forums.models import BannedWord, PostingBan
from forums.services.errors import ForumError
from tests.conftest import changed_tables, database_rows, host_of, said, shown


def make_news(community: Community, slug: str = "item-1") -> NewsPage:
    news_index = community.site.root_page.get_children().get(slug="news")
    return NewsPageFactory(parent=news_index, slug=slug, title="东门路灯维修通知")


def post_url(page: NewsPage) -> str:
    return f"/forums/comments/post/{page.pk}/"


@pytest.fixture
def news_a(community_a) -> NewsPage:
    return make_news(community_a)


@pytest.fixture
def poster(client, signed_in_user):
    client.force_login(signed_in_user)
    return signed_in_user


def send(client, community, page, text, parent=None):
    data = {"text": text, "parent": parent.pk if parent else ""}
    return client.post(post_url(page), data, **host_of(community))


def test_a_signed_in_user_comments_and_is_sent_back_to_it(client, community_a, news_a, poster):
    response = send(client, community_a, news_a, "路灯终于修好了，谢谢！")

    comment = XtdComment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/news/item-1/#c{comment.pk}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        said("Your comment is posted.")
    ]
    assert comment.comment == "路灯终于修好了，谢谢！"
    assert comment.user == poster and comment.is_public and not comment.is_removed
    assert comment.object_pk == str(news_a.pk) and comment.level == 0
    # Privacy: the public name only, and nothing else about the person.
    assert comment.user_name == "路人甲"
    assert (comment.user_email, comment.user_url, comment.ip_address) == ("", "", None)

    page = client.get("/news/item-1/", **host_of(community_a)).content.decode()
    assert "路灯终于修好了" in page and f'id="c{comment.pk}"' in page


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_saved(client, community_a, news_a):
    before = database_rows()
    response = send(client, community_a, news_a, "匿名评论")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/news/item-1/")
    assert changed_tables(before, database_rows()) == {}


def test_only_posts_are_taken(client, community_a, news_a, poster):
    assert client.get(post_url(news_a), **host_of(community_a)).status_code == 405


def test_replies_thread_three_levels_deep_and_no_deeper(client, community_a, news_a, poster):
    send(client, community_a, news_a, "第一层")
    top = XtdComment.objects.get()
    send(client, community_a, news_a, "第二层", parent=top)
    middle = XtdComment.objects.get(comment="第二层")
    send(client, community_a, news_a, "第三层", parent=middle)
    bottom = XtdComment.objects.get(comment="第三层")
    assert [(c.level, c.parent_id, c.thread_id) for c in (top, middle, bottom)] == [
        (0, top.pk, top.pk),
        (1, top.pk, top.pk),
        (2, middle.pk, top.pk),
    ]

    before = database_rows()
    response = send(client, community_a, news_a, "第四层", parent=bottom)

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        shown(
            "Replies go at most %(depth)d levels deep. Reply to the comment this one answers "
            "instead.",
            depth=3,
        )
        in html
    )
    assert "第四层" in html  # the text is kept
    assert changed_tables(before, database_rows()) == {}


def test_replying_to_a_comment_of_another_page_is_refused(client, community_a, news_a, poster):
    other = make_news(community_a, slug="item-2")
    send(client, community_a, other, "别处的评论")
    elsewhere = XtdComment.objects.get()

    response = send(client, community_a, news_a, "回复", parent=elsewhere)

    assert response.status_code == 400
    assert shown("The comment you are replying to is not available any more.") in (
        response.content.decode()
    )
    assert XtdComment.objects.count() == 1


def test_empty_and_too_long_comments_are_refused_with_the_text_kept(
    client, community_a, news_a, poster
):
    empty = send(client, community_a, news_a, "   ")
    assert empty.status_code == 400
    assert shown("Write your comment before posting.") in empty.content.decode()

    long_text = "长" * 3001
    too_long = send(client, community_a, news_a, long_text)
    assert too_long.status_code == 400
    assert long_text in too_long.content.decode()
    assert not XtdComment.objects.exists()


def test_a_banned_user_is_refused(client, community_a, news_a, poster, moderator_a):
    now = timezone.now()
    PostingBan.objects.create(
        community=community_a,
        user=poster,
        reason="刷屏广告",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=3),
        created_by=moderator_a,
    )

    response = send(client, community_a, news_a, "我又来了")

    assert response.status_code == 403
    assert "刷屏广告" in response.content.decode()
    assert not XtdComment.objects.exists()
    page = client.get("/news/item-1/", **host_of(community_a)).content.decode()
    assert 'id="comment-text"' not in page
    # The news page says why, with the ban's reason, instead of offering the form.
    assert "刷屏广告" in page


def test_residents_only_sites_refuse_other_users(
    client, community_a, news_a, residents_only, signed_in_user, resident_a
):
    client.force_login(signed_in_user)
    refused = send(client, community_a, news_a, "路过说一句")
    assert refused.status_code == 403
    assert not XtdComment.objects.exists()
    page = client.get("/news/item-1/", **host_of(community_a)).content.decode()
    assert 'id="comment-text"' not in page

    client.force_login(resident_a)
    assert send(client, community_a, news_a, "我是本小区居民").status_code == 302
    assert XtdComment.objects.get().user == resident_a


def test_posting_too_often_is_rate_limited(client, community_a, news_a, poster, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post:user": "2/m"}
    assert send(client, community_a, news_a, "第一条").status_code == 302
    assert send(client, community_a, news_a, "第二条").status_code == 302

    response = send(client, community_a, news_a, "第三条")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "第三条" in response.content.decode()
    assert XtdComment.objects.count() == 2


def test_the_same_text_twice_is_refused(client, community_a, news_a, poster):
    assert send(client, community_a, news_a, "同样的话").status_code == 302

    response = send(client, community_a, news_a, "同样的话")

    assert response.status_code == 400
    assert shown("You posted exactly the same text a moment ago; it is not posted twice.") in (
        response.content.decode()
    )
    assert XtdComment.objects.count() == 1


def test_the_same_text_after_the_window_is_a_new_comment(community_a, news_a, signed_in_user):
    long_ago = timezone.now() - timedelta(hours=1)
    post_comment(signed_in_user, news_a, "同样的话", now=long_ago)

    post_comment(signed_in_user, news_a, "同样的话")

    assert XtdComment.objects.count() == 2


def test_a_banned_word_holds_the_comment_for_a_moderator(client, community_a, news_a, poster):
    BannedWord.objects.create(phrase="代开发票")

    response = send(client, community_a, news_a, "低价代开发票，联系我")

    comment = XtdComment.objects.get()
    assert response.status_code == 302 and not comment.is_public
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        said("Your comment waits for a moderator; others will see it once approved.")
    ]
    own_view = client.get("/news/item-1/", **host_of(community_a)).content.decode()
    assert "低价代开发票" in own_view
    assert shown("Only you can see this comment: it waits for a moderator.") in own_view

    client.force_login(UserFactory(username="neighbour"))
    others_view = client.get("/news/item-1/", **host_of(community_a)).content.decode()
    client.logout()
    anonymous_view = client.get("/news/item-1/", **host_of(community_a)).content.decode()
    for html in (others_view, anonymous_view):
        assert "低价代开发票" not in html and f'id="c{comment.pk}"' not in html


def test_a_page_of_community_a_cannot_be_commented_through_community_b(
    client, community_a, community_b, news_a, poster
):
    response = send(client, community_b, news_a, "跨社区评论")

    assert response.status_code == 404
    assert not XtdComment.objects.exists()


def test_drafts_and_unknown_pages_are_not_found(client, community_a, news_a, poster):
    news_a.unpublish()
    assert send(client, community_a, news_a, "草稿").status_code == 404
    response = client.post("/forums/comments/post/999999/", {"text": "x"}, **host_of(community_a))
    assert response.status_code == 404
    assert not XtdComment.objects.exists()


def test_a_private_page_takes_no_comments(client, community_a, news_a, poster):
    PageViewRestriction.objects.create(page=news_a, restriction_type=PageViewRestriction.LOGIN)

    page = client.get("/news/item-1/", **host_of(community_a)).content.decode()
    assert 'id="comment-text"' not in page
    assert shown("Comments are open on published public pages only.") in page
    assert send(client, community_a, news_a, "私密页面").status_code == 404
    with pytest.raises(ForumError):
        post_comment(poster, news_a, "私密页面")
    assert not XtdComment.objects.exists()


def test_the_service_refuses_a_draft_page(community_a, news_a, signed_in_user):
    news_a.unpublish()
    with pytest.raises(ForumError) as refused:
        post_comment(signed_in_user, NewsPage.objects.get(pk=news_a.pk), "草稿评论")
    assert refused.value.status == 403
    assert not XtdComment.objects.exists()


def test_a_reply_to_a_hidden_comment_is_refused(client, community_a, news_a, poster):
    send(client, community_a, news_a, "将被隐藏")
    hidden = XtdComment.objects.get()
    XtdComment.objects.filter(pk=hidden.pk).update(is_removed=True)

    response = send(client, community_a, news_a, "回复", parent=hidden)

    assert response.status_code == 400
    assert XtdComment.objects.count() == 1
