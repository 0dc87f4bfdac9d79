"""Fixtures and helpers of the moderation tests (no tests here): the cast of two communities'
forums, a news comment, and a way to report an item by several people."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from accounts.factories import UserFactory
from accounts.models import Role
from communities.factories import NewsPageFactory
from communities.models import Community, NewsPage
from forums.factories import BoardFactory, PostFactory, ReplyFactory, TopicFactory
from forums.models import Board, FlagReason, Topic
from forums.services.moderation import flag_item
from governance.factories import CategoryFactory, DepartmentFactory, grant

__all__ = [
    "_three_reports_hide",
    "author",
    "category",
    "city_admin",
    "comment_a",
    "editor_b",
    "make_comment",
    "moderator_b",
    "news_a",
    "post_a",
    "reply_a",
    "report_by",
    "topic_a",
    "topic_b",
]


@pytest.fixture(autouse=True)
def _three_reports_hide(settings):
    settings.FORUMS_FLAGS_TO_HIDE = 3


@pytest.fixture
def author(db):
    return UserFactory(username="author", display_name="东门老王")


@pytest.fixture
def city_admin(db):
    user = UserFactory(username="city-admin", display_name="市级管理员")
    grant(user, Role.CITY_ADMIN)
    return user


@pytest.fixture
def moderator_b(community_b):
    user = UserFactory(username="moderator-b")
    user.groups.add(community_b.moderators_group)
    return user


@pytest.fixture
def editor_b(community_b):
    user = UserFactory(username="editor-b")
    user.groups.add(community_b.editors_group)
    return user


@pytest.fixture
def category(db):
    department = DepartmentFactory(code="urban-management", name="城市管理和综合执法局")
    return CategoryFactory(code="h-street-light", name="路灯损坏", department=department)


def first_board(community: Community) -> Board:
    return Board.objects.filter(community=community).order_by("sort_order").first()


@pytest.fixture
def topic_a(community_a, author) -> Topic:
    return TopicFactory(board=first_board(community_a), author=author, title="东门路灯坏了")


@pytest.fixture
def topic_b(community_b) -> Topic:
    return TopicFactory(board=first_board(community_b), title="湾厦的话题")


@pytest.fixture
def reply_a(topic_a, author):
    reply = ReplyFactory(topic=topic_a, author=author, body="补充：西门也坏了。")
    Topic.objects.filter(pk=topic_a.pk).update(reply_count=1)
    topic_a.refresh_from_db()
    return reply


@pytest.fixture
def post_a(community_a, author):
    return PostFactory(community=community_a, author=author, title="建议增设充电桩")


@pytest.fixture
def news_a(community_a) -> NewsPage:
    news_index = community_a.site.root_page.get_children().get(slug="news")
    return NewsPageFactory(parent=news_index, slug="street-lights", title="东门路灯维修通知")


def make_comment(page: NewsPage, user, text: str = "路灯终于修好了。") -> XtdComment:
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(NewsPage),
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=user.public_name,
        comment=text,
        submit_date=timezone.now(),
        is_public=True,
    )


@pytest.fixture
def comment_a(news_a, author) -> XtdComment:
    return make_comment(news_a, author)


def report_by(item, count: int, reason: str = FlagReason.SPAM, start: int = 0) -> list:
    """``count`` different signed-in people report ``item``; returns them."""
    people = [UserFactory(username=f"reporter-{start + n}") for n in range(count)]
    for person in people:
        flag_item(person, item, reason)
    return people


def another_board(community: Community, **kwargs) -> Board:
    return BoardFactory(community=community, **kwargs)
