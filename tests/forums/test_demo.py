"""The demo forum (forums/data/demo.json) goes in through the real services, once."""

import pytest

from accounts.demo import ensure_demo_people
from forums.demo import seed_demo_forum
from forums.models import Post, PostKind, Reply, Topic, Visibility
from governance.demo import ensure_work_network_staff
from governance.models import EventStatus
from governance.services.taxonomy import load_taxonomy


@pytest.fixture
def staffed(community_a):
    load_taxonomy()
    ensure_demo_people(community_a)
    ensure_work_network_staff(community_a)
    return community_a


def test_demo_forum_is_seeded_through_the_services_and_only_once(staffed):
    messages: list[str] = []

    made = seed_demo_forum(staffed, say=messages.append)

    assert made > 0
    topics = Topic.objects.filter(community=staffed)
    assert topics.count() == 5
    assert topics.filter(is_pinned=True).count() == 1
    assert all(t.visibility == Visibility.PUBLISHED for t in topics)
    quoting = Reply.objects.filter(community=staffed, quoted__isnull=False)
    assert quoting.count() == 2
    for topic in topics:  # the counters the services keep
        assert topic.reply_count == topic.replies.filter(visibility=Visibility.PUBLISHED).count()
    complaints = Post.objects.filter(community=staffed, kind=PostKind.COMPLAINT)
    assert complaints.count() == 2
    statuses = {post.author.username: post.event.status for post in complaints}
    assert statuses["resident"] == EventStatus.RESOLVED  # waits for the demo resident's answer
    answered = Post.objects.filter(community=staffed).exclude(official_reply="")
    assert answered.count() == 2

    assert seed_demo_forum(staffed, say=messages.append) == 0
    assert Topic.objects.filter(community=staffed).count() == 5
    assert messages[-1] == "Forum: demo topics already there."
