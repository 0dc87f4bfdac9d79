"""Moderation services (内容管理): reports and automatic hiding, decisions, scope, the audit log."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from accounts.factories import UserFactory
from forums.models import Flag, FlagReason, Reply, Topic, Visibility
from forums.services.errors import ForumError, NotAllowed, RateLimited
from forums.services.moderation import (
    flag_item,
    hide_item,
    lock_topic,
    move_topic,
    pin_topic,
    publish_item,
    unlock_topic,
    unpin_topic,
    visibility_of,
)
from notifications.models import Notification
from tests.forums.moderation.conftest import another_board, report_by


def actions_logged(item) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)), object_id=str(item.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- reports and automatic hiding --------------------------------------------------------


def test_n_minus_one_reports_keep_a_topic_visible(topic_a):
    report_by(topic_a, 2)

    topic_a.refresh_from_db()
    assert topic_a.visibility == Visibility.PUBLISHED
    assert topic_a.flag_count == 2


def test_the_nth_distinct_report_hides_the_topic_and_tells_the_moderators(topic_a, moderator_a):
    report_by(topic_a, 3)

    topic_a.refresh_from_db()
    assert topic_a.visibility == Visibility.FLAGGED
    assert topic_a.flag_count == 3
    assert topic_a.moderation_note  # the author reads why
    told = Notification.objects.get(user=moderator_a, kind="moderation")
    assert topic_a.title in told.title
    assert told.url.startswith("/admin/forums/items/topic/")
    assert "jiayuan.forum_auto_hide" in actions_logged(topic_a)


def test_the_threshold_comes_from_the_settings(settings, topic_a):
    settings.FORUMS_FLAGS_TO_HIDE = 1

    report_by(topic_a, 1)

    topic_a.refresh_from_db()
    assert topic_a.visibility == Visibility.FLAGGED


def test_the_same_person_reporting_twice_counts_once(topic_a):
    person = UserFactory()
    flag_item(person, topic_a, FlagReason.ABUSE)

    with pytest.raises(ForumError) as refused:
        flag_item(person, topic_a, FlagReason.SPAM)

    assert refused.value.code == "already_reported"
    report_by(topic_a, 1)
    topic_a.refresh_from_db()
    assert Flag.objects.count() == 2
    assert topic_a.visibility == Visibility.PUBLISHED and topic_a.flag_count == 2


def test_nobody_reports_their_own_item_or_without_signing_in(topic_a, author):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        flag_item(author, topic_a, FlagReason.SPAM)
    with pytest.raises(NotAllowed):
        flag_item(AnonymousUser(), topic_a, FlagReason.SPAM)
    with pytest.raises(ForumError):
        flag_item(UserFactory(), topic_a, "nonsense")
    assert not Flag.objects.exists()


def test_reports_are_rate_limited(settings, topic_a, post_a):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report:user": "1/m"}
    person = UserFactory()
    flag_item(person, topic_a, FlagReason.SPAM)

    with pytest.raises(RateLimited) as refused:
        flag_item(person, post_a, FlagReason.SPAM)

    assert refused.value.status == 429 and refused.value.retry_after > 0
    assert Flag.objects.count() == 1


def test_a_hidden_item_cannot_be_reported_any_more(topic_a):
    report_by(topic_a, 3)

    with pytest.raises(ForumError) as refused:
        flag_item(UserFactory(), topic_a, FlagReason.SPAM)
    assert refused.value.code == "not_published"


@pytest.mark.parametrize("kind", ["reply", "post"])
def test_replies_and_posts_are_hidden_after_reports_too(db, kind, request):
    # ``db`` named here, not only through getfixturevalue: pytest-django orders tests by the
    # fixtures it sees, and one it took for database-free would run after the transactional
    # (flushing) tests, on an empty database.
    item = request.getfixturevalue(f"{kind}_a")
    report_by(item, 3)

    item.refresh_from_db()
    assert item.visibility == Visibility.FLAGGED


def test_a_hidden_reply_is_not_counted_in_its_topic(topic_a, reply_a):
    report_by(reply_a, 3)
    topic_a.refresh_from_db()
    assert topic_a.reply_count == 0

    publish_item(UserFactory(is_superuser=True), reply_a)
    topic_a.refresh_from_db()
    assert topic_a.reply_count == 1


# --- decisions ----------------------------------------------------------------------------


def test_publishing_closes_the_reports_and_later_ones_count_afresh(topic_a, moderator_a):
    report_by(topic_a, 3)

    publish_item(moderator_a, topic_a)

    topic_a.refresh_from_db()
    assert topic_a.visibility == Visibility.PUBLISHED
    assert topic_a.flag_count == 0 and topic_a.moderation_note == ""
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    report_by(topic_a, 2, start=10)
    topic_a.refresh_from_db()
    assert topic_a.visibility == Visibility.PUBLISHED and topic_a.flag_count == 2


def test_hide_needs_a_reason_and_unhide_restores(topic_a, reply_a, moderator_a):
    with pytest.raises(ForumError):
        hide_item(moderator_a, reply_a, "  ")
    reply_a.refresh_from_db()
    assert reply_a.visibility == Visibility.PUBLISHED

    hide_item(moderator_a, reply_a, "人身攻击")
    reply_a.refresh_from_db()
    topic_a.refresh_from_db()
    assert (reply_a.visibility, reply_a.moderation_note) == (Visibility.HIDDEN, "人身攻击")
    assert topic_a.reply_count == 0

    publish_item(moderator_a, reply_a)
    reply_a.refresh_from_db()
    topic_a.refresh_from_db()
    assert reply_a.visibility == Visibility.PUBLISHED and topic_a.reply_count == 1


def test_publishing_what_is_published_without_reports_is_refused(topic_a, moderator_a):
    with pytest.raises(ForumError) as refused:
        publish_item(moderator_a, topic_a)
    assert refused.value.code == "unchanged"


def test_lock_pin_and_their_undoing(topic_a, moderator_a):
    lock_topic(moderator_a, topic_a)
    pin_topic(moderator_a, topic_a)
    topic_a.refresh_from_db()
    assert topic_a.is_locked and topic_a.is_pinned
    with pytest.raises(ForumError):
        lock_topic(moderator_a, topic_a)

    unlock_topic(moderator_a, topic_a)
    unpin_topic(moderator_a, topic_a)
    topic_a.refresh_from_db()
    assert not topic_a.is_locked and not topic_a.is_pinned


def test_a_topic_moves_to_an_open_board_of_its_own_community(
    topic_a, topic_b, moderator_a, community_a
):
    target = another_board(community_a, slug="elevators", name="加装电梯")
    move_topic(moderator_a, topic_a, target)
    topic_a.refresh_from_db()
    assert topic_a.board == target

    with pytest.raises(ForumError):
        move_topic(moderator_a, topic_a, topic_b.board)  # another community's board
    archived = another_board(community_a, slug="old", is_archived=True)
    with pytest.raises(ForumError):
        move_topic(moderator_a, topic_a, archived)
    topic_a.refresh_from_db()
    assert topic_a.board == target


# --- scope: a moderator of A cannot act in B ----------------------------------------------


@pytest.mark.parametrize(
    "act",
    [
        lambda m, t: hide_item(m, t, "广告"),
        lambda m, t: publish_item(m, t),
        lambda m, t: lock_topic(m, t),
        lambda m, t: pin_topic(m, t),
    ],
    ids=["hide", "publish", "lock", "pin"],
)
def test_a_moderator_of_a_cannot_act_in_b(act, moderator_a, topic_b):
    report_by(topic_b, 3)
    with pytest.raises(NotAllowed):
        act(moderator_a, topic_b)

    topic_b.refresh_from_db()
    assert topic_b.visibility == Visibility.FLAGGED and not topic_b.is_locked
    assert not topic_b.is_pinned


def test_a_resident_is_no_moderator(topic_a):
    with pytest.raises(NotAllowed):
        hide_item(UserFactory(), topic_a, "广告")


def test_a_city_administrator_and_an_editor_moderate(topic_a, city_admin, editor_a):
    hide_item(editor_a, topic_a, "广告")
    publish_item(city_admin, topic_a)
    topic_a.refresh_from_db()
    assert topic_a.visibility == Visibility.PUBLISHED


# --- the audit log ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("act", "action"),
    [
        (lambda m, t: hide_item(m, t, "广告"), "jiayuan.forum_hide"),
        (lambda m, t: lock_topic(m, t), "jiayuan.forum_lock"),
        (lambda m, t: pin_topic(m, t), "jiayuan.forum_pin"),
        (lambda m, t: (lock_topic(m, t), unlock_topic(m, t)), "jiayuan.forum_unlock"),
        (lambda m, t: (pin_topic(m, t), unpin_topic(m, t)), "jiayuan.forum_unpin"),
        (lambda m, t: (hide_item(m, t, "x"), publish_item(m, t)), "jiayuan.forum_publish"),
        (
            lambda m, t: move_topic(m, t, another_board(t.community, slug="elsewhere")),
            "jiayuan.forum_move",
        ),
    ],
)
def test_every_decision_is_in_the_audit_log(act, action, topic_a, moderator_a):
    act(moderator_a, topic_a)

    entry = ModelLogEntry.objects.filter(action=action).get()
    assert entry.user_id == moderator_a.pk and entry.object_id == str(topic_a.pk)
    assert entry.content_type.model_class() is Topic
    assert entry.message  # registered: a readable label in the history reports


def test_a_report_is_logged_with_its_reason(reply_a):
    report_by(reply_a, 1, reason=FlagReason.PERSONAL)

    entry = ModelLogEntry.objects.get(action="jiayuan.forum_report")
    assert entry.content_type.model_class() is Reply
    assert entry.data["reason"] == FlagReason.PERSONAL


# --- comments -----------------------------------------------------------------------------


def test_a_comment_is_hidden_after_reports_and_a_moderator_decides(comment_a, moderator_a):
    report_by(comment_a, 2)
    comment_a.refresh_from_db()
    assert visibility_of(comment_a) == Visibility.PUBLISHED

    report_by(comment_a, 1, start=5)
    comment_a.refresh_from_db()
    assert visibility_of(comment_a) == Visibility.FLAGGED
    assert Notification.objects.filter(user=moderator_a, kind="moderation").exists()

    publish_item(moderator_a, comment_a)
    comment_a.refresh_from_db()
    assert visibility_of(comment_a) == Visibility.PUBLISHED
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()

    hide_item(moderator_a, comment_a, "广告")
    comment_a.refresh_from_db()
    assert visibility_of(comment_a) == Visibility.HIDDEN
    assert "jiayuan.forum_hide" in actions_logged(comment_a)


def test_a_moderator_of_b_cannot_decide_about_a_comment_of_a(comment_a, moderator_b):
    with pytest.raises(NotAllowed):
        hide_item(moderator_b, comment_a, "广告")
    comment_a.refresh_from_db()
    assert visibility_of(comment_a) == Visibility.PUBLISHED
