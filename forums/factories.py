"""Test and demo data for forums and posts. Items that go through moderation or governance
in real life are made with the services (``forums.services``); these factories make plain
published rows for tests that are about showing them."""

from __future__ import annotations

import factory
from django.utils import timezone

from accounts.factories import UserFactory

from .models import Board, Post, PostKind, Reply, Topic, Visibility


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    community = None  # required: pass community=
    name = factory.Sequence(lambda n: f"版块{n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    description = "测试版块"
    sort_order = factory.Sequence(lambda n: n)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    board = factory.SubFactory(BoardFactory)
    community = factory.SelfAttribute("board.community")
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"话题{n}")
    body = "小区东门的路灯坏了好几天，晚上很黑。"
    created_at = factory.LazyFunction(timezone.now)
    last_activity_at = factory.SelfAttribute("created_at")
    visibility = Visibility.PUBLISHED


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    topic = factory.SubFactory(TopicFactory)
    community = factory.SelfAttribute("topic.community")
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"回复{n}：同意，我也看到了。")
    created_at = factory.LazyFunction(timezone.now)
    visibility = Visibility.PUBLISHED


class PostFactory(factory.django.DjangoModelFactory):
    """A suggestion, question or praise; complaints come from ``submit_post`` (with an event)."""

    class Meta:
        model = Post

    community = None  # required: pass community=
    author = factory.SubFactory(UserFactory)
    kind = PostKind.SUGGESTION
    title = factory.Sequence(lambda n: f"建议{n}")
    body = "建议在3栋旁边增设电动自行车充电桩。"
    created_at = factory.LazyFunction(timezone.now)
    visibility = Visibility.PUBLISHED
