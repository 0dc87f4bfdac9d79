"""Turning a forum topic into a governance event (转为事件)."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from forums.models import Topic
from forums.services.errors import ForumError, NotAllowed
from forums.services.moderation import AlreadyEscalated, escalate_topic, hide_item
from governance.models import Event, EventSource
from notifications.models import Notification


def test_a_moderator_turns_a_topic_into_an_event(topic_a, moderator_a, category, author):
    event = escalate_topic(moderator_a, topic_a, category, note="居民反映多次")

    topic_a.refresh_from_db()
    assert topic_a.event == event
    assert event.source == EventSource.FORUM
    assert event.category == category and event.community == topic_a.community
    assert event.reporter == author and event.title == topic_a.title
    assert event.description == topic_a.body and event.is_public
    told = Notification.objects.get(user=author, kind="events")
    assert event.reference in told.title and told.url == f"/events/{event.reference}/"
    entry = ModelLogEntry.objects.get(action="jiayuan.forum_escalate")
    assert entry.data["event"] == event.reference and entry.user == moderator_a


def test_a_hidden_topic_becomes_a_private_event(topic_a, moderator_a, category):
    hide_item(moderator_a, topic_a, "涉及个人信息")

    event = escalate_topic(moderator_a, topic_a, category)

    assert not event.is_public


@pytest.mark.parametrize(
    "failure",
    [ValidationError({"title": "坏了"}), RuntimeError("database went away")],
    ids=["refused", "crashed"],
)
def test_a_failed_report_leaves_nothing_half_saved(
    failure, monkeypatch, topic_a, moderator_a, category
):
    from governance import services

    real = services.report_event

    def fail(**kwargs):
        real(**kwargs)  # the event, its log and checkpoint are written... then it fails
        raise failure

    monkeypatch.setattr(services, "report_event", fail)

    with pytest.raises((ForumError, RuntimeError)):
        escalate_topic(moderator_a, topic_a, category)

    topic_a.refresh_from_db()
    assert topic_a.event is None
    assert not Event.objects.exists()
    assert not ModelLogEntry.objects.filter(action="jiayuan.forum_escalate").exists()


def test_escalating_twice_is_refused_with_the_link(topic_a, moderator_a, category):
    event = escalate_topic(moderator_a, topic_a, category)

    with pytest.raises(AlreadyEscalated) as refused:
        escalate_topic(moderator_a, topic_a, category)

    assert event.reference in refused.value.message
    assert refused.value.url == f"/events/{event.reference}/"
    assert Event.objects.count() == 1


def test_a_moderator_of_b_cannot_escalate_a_topic_of_a(topic_a, moderator_b, category):
    with pytest.raises(NotAllowed):
        escalate_topic(moderator_b, topic_a, category)
    assert not Event.objects.exists()
    assert Topic.objects.get(pk=topic_a.pk).event is None
