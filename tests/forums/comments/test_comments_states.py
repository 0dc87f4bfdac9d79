"""The moderation side of news comments: the four states read and written through the
service (what the moderation queue codes against), where a comment lives, the export."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from accounts.factories import UserFactory
from accounts.privacy.export import collect
from communities.factories import NewsPageFactory
from communities.models import Community, NewsPage
from forums.comments.services import (
    comment_community,
    comment_url,
    comment_visibility,
    community_for_page,
    post_comment,
    set_comment_visibility,
    visible_comments,
)
from forums.models import Flag, FlagReason, Visibility


def make_news(community: Community, slug: str = "item-1") -> NewsPage:
    news_index = community.site.root_page.get_children().get(slug="news")
    return NewsPageFactory(parent=news_index, slug=slug, title="东门路灯维修通知")


@pytest.fixture
def news_a(community_a) -> NewsPage:
    return make_news(community_a)


@pytest.fixture
def a_comment(news_a, signed_in_user) -> XtdComment:
    return post_comment(signed_in_user, news_a, "灯还是不亮")


def report(comment: XtdComment, community: Community, times: int) -> None:
    for number in range(times):
        Flag.objects.create(
            community=community,
            content_type=ContentType.objects.get_for_model(XtdComment),
            object_id=comment.pk,
            reporter=UserFactory(username=f"reporter-{number}"),
            reason=FlagReason.SPAM,
            created_at=timezone.now(),
        )


def stored(comment: XtdComment) -> XtdComment:
    return XtdComment.objects.get(pk=comment.pk)


def test_a_new_comment_is_published(a_comment):
    assert comment_visibility(a_comment) == Visibility.PUBLISHED


@pytest.mark.parametrize(
    ("state", "flags"),
    [
        (Visibility.HELD, 0),
        (Visibility.FLAGGED, 3),
        (Visibility.HIDDEN, 0),
        (Visibility.PUBLISHED, 0),
    ],
)
def test_each_state_round_trips(community_a, a_comment, state, flags):
    report(a_comment, community_a, flags)

    set_comment_visibility(a_comment, state)

    assert comment_visibility(a_comment) == state
    assert comment_visibility(stored(a_comment)) == state


def test_states_follow_each_other_as_a_moderator_decides(community_a, a_comment):
    set_comment_visibility(a_comment, Visibility.HIDDEN)
    assert (stored(a_comment).is_removed, comment_visibility(stored(a_comment))) == (
        True,
        Visibility.HIDDEN,
    )
    set_comment_visibility(a_comment, Visibility.PUBLISHED)
    fresh = stored(a_comment)
    assert (fresh.is_public, fresh.is_removed) == (True, False)
    set_comment_visibility(a_comment, Visibility.HELD)
    assert comment_visibility(stored(a_comment)) == Visibility.HELD


def test_flagged_needs_enough_open_reports(settings, community_a, a_comment):
    report(a_comment, community_a, 2)
    set_comment_visibility(a_comment, Visibility.FLAGGED)
    assert comment_visibility(a_comment) == Visibility.HELD  # 2 < FORUMS_FLAGS_TO_HIDE

    settings.FORUMS_FLAGS_TO_HIDE = 2
    assert comment_visibility(a_comment) == Visibility.FLAGGED

    Flag.objects.update(resolved_at=timezone.now())  # a moderator decided: they count no more
    assert comment_visibility(a_comment) == Visibility.HELD


def test_only_the_state_fields_change(a_comment):
    before = XtdComment.objects.filter(pk=a_comment.pk).values().get()

    set_comment_visibility(a_comment, Visibility.HIDDEN)

    after = XtdComment.objects.filter(pk=a_comment.pk).values().get()
    assert {k for k in after if after[k] != before[k]} == {"is_removed"}


def test_hiding_and_unhiding_a_comment_leaves_its_replies_alone(
    news_a, a_comment, resident_a, settings
):
    """xtd's own save() would copy the parent's state onto its replies: unhiding a parent
    would then publish a reply a moderator still holds."""
    published = post_comment(resident_a, news_a, "已发布的回复", parent=a_comment)
    held = post_comment(resident_a, news_a, "待审核的回复", parent=a_comment)
    set_comment_visibility(held, Visibility.HELD)

    set_comment_visibility(a_comment, Visibility.HIDDEN)
    set_comment_visibility(a_comment, Visibility.PUBLISHED)

    assert comment_visibility(stored(published)) == Visibility.PUBLISHED
    assert comment_visibility(stored(held)) == Visibility.HELD


def test_a_comment_knows_its_community_and_url(community_a, community_b, news_a, a_comment):
    news_b = make_news(community_b)
    b_comment = post_comment(a_comment.user, news_b, "湾厦的评论")

    assert comment_community(a_comment) == community_a
    assert comment_community(b_comment) == community_b
    assert community_for_page(news_a) == community_a
    # Without a request, on a multi-site install: the full URL on the community's host.
    url = comment_url(a_comment)
    assert url.endswith(f"/news/item-1/#c{a_comment.pk}")
    assert community_a.hostname in url


def test_the_tree_is_one_query_whatever_its_size(
    news_a, signed_in_user, resident_a, settings, django_assert_num_queries
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post:user": "1000/m"}
    parent = None
    for number in range(12):
        made = post_comment(resident_a, news_a, f"评论 {number}", parent=parent)
        parent = made if made.level < 2 else None

    with django_assert_num_queries(1):
        tree = visible_comments(news_a, signed_in_user)
        authors = [node.comment.user.display_name for node in tree.nodes.values()]

    assert tree.count == 12 and len(authors) == 12
    assert [node.comment.level for node in tree.roots] == [0, 0, 0, 0]


def test_the_export_lists_the_users_comments_only(news_a, a_comment, resident_a):
    post_comment(resident_a, news_a, "别人的评论")
    post_comment(a_comment.user, news_a, "第二条", now=timezone.now() + timedelta(seconds=1))

    section = collect(a_comment.user)["news_comments"]

    assert [(row["page_title"], row["text"], row["published"]) for row in section] == [
        ("东门路灯维修通知", "灯还是不亮", True),
        ("东门路灯维修通知", "第二条", True),
    ]
    assert all(row["date"] for row in section)
