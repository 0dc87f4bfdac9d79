"""Helpers of the forum tests (社区论坛): URLs on a community's host, posting through HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.factories import UserFactory
from forums.factories import ReplyFactory, TopicFactory
from forums.models import Reply, Topic
from tests.conftest import host_of
from tests.forums.conftest import forum_page, route_url

XSS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<a href="javascript:x">click</a>',
)


def url(community, name: str, **kwargs) -> str:
    """The path of one of the forum page's routes on ``community``'s site."""
    return route_url(forum_page(community), name, **kwargs)


def get(client, community, name: str, query: str = "", **kwargs):
    return client.get(url(community, name, **kwargs) + query, **host_of(community))


def post(client, community, name: str, data: dict, **kwargs):
    return client.post(url(community, name, **kwargs), data, **host_of(community))


def html(response) -> str:
    return response.content.decode()


def with_verified_email(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def topic_with_replies(board, count: int, **topic_fields) -> Topic:
    """A published topic with ``count`` published replies, a minute apart, by different
    people (some quoting an earlier reply, one quoting the topic)."""
    start = timezone.now() - timedelta(days=1)
    topic = TopicFactory(board=board, created_at=start, **topic_fields)
    made: list[Reply] = []
    for number in range(count):
        made.append(
            ReplyFactory(
                topic=topic,
                author=UserFactory(),
                created_at=start + timedelta(minutes=number + 1),
                quoted=made[number - 1] if number % 3 == 2 else None,
                quotes_topic=number == 1,
            )
        )
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=count, last_activity_at=start + timedelta(minutes=count)
    )
    topic.refresh_from_db()
    return topic


@pytest.fixture
def poster(db):
    """Signed up, nobody's resident: may post where any signed-in user may."""
    return UserFactory(username="poster", display_name="发帖人")


@pytest.fixture
def neighbour(db):
    return UserFactory(username="neighbour", display_name="邻居老李")
