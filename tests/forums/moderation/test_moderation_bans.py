"""Posting bans (禁言): a banned user cannot post in that community until the ban ends."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.factories import UserFactory
from forums.models import PostingBan
from forums.services.errors import ForumError, NotAllowed
from forums.services.guard import check_may_post
from forums.services.moderation import ban_user, lift_ban
from tests.conftest import changed_tables, database_rows


def test_a_banned_user_cannot_post_until_the_ban_is_lifted(community_a, moderator_a, author):
    check_may_post(author, community_a)

    ban = ban_user(moderator_a, community_a, author, days=7, reason="多次发布广告")

    with pytest.raises(NotAllowed) as refused:
        check_may_post(author, community_a)
    assert refused.value.code == "banned" and "多次发布广告" in refused.value.message
    assert ban.ends_at - ban.starts_at == timedelta(days=7) and ban.created_by == moderator_a
    assert ModelLogEntry.objects.filter(action="jiayuan.forum_ban", user=moderator_a).exists()

    lift_ban(moderator_a, ban)

    check_may_post(author, community_a)
    ban.refresh_from_db()
    assert ban.lifted_by == moderator_a and ban.lifted_at is not None
    assert ModelLogEntry.objects.filter(action="jiayuan.forum_lift_ban").exists()


def test_a_ban_in_a_leaves_b_open(community_a, community_b, moderator_a, author):
    ban_user(moderator_a, community_a, author, days=1, reason="广告")

    check_may_post(author, community_b)


def test_a_ban_until_a_moment(community_a, moderator_a, author):
    until = timezone.now() + timedelta(hours=5)

    ban = ban_user(moderator_a, community_a, author, ends_at=until, reason="辱骂邻居")

    assert ban.ends_at == until


@pytest.mark.parametrize(
    "kwargs",
    [
        {"days": 3, "reason": ""},
        {"days": 3, "reason": "   "},
        {"days": 0, "reason": "广告"},
        {"days": None, "reason": "广告"},
        {"ends_at": "past", "reason": "广告"},
        {"days": 3, "reason": "广" * 201},
    ],
    ids=["no-reason", "blank-reason", "zero-days", "no-period", "past-end", "long-reason"],
)
def test_a_bad_ban_is_refused_with_a_reason_and_nothing_saved(
    kwargs, community_a, moderator_a, author
):
    if kwargs.get("ends_at") == "past":
        kwargs["ends_at"] = timezone.now() - timedelta(minutes=1)
    before = database_rows()

    with pytest.raises(ForumError) as refused:
        ban_user(moderator_a, community_a, author, **kwargs)

    assert refused.value.message
    assert changed_tables(before, database_rows()) == {}


def test_nobody_bans_themself(community_a, moderator_a):
    with pytest.raises(NotAllowed):
        ban_user(moderator_a, community_a, moderator_a, days=1, reason="测试")


def test_only_a_city_administrator_bans_the_community_staff(
    community_a, moderator_a, editor_a, city_admin
):
    with pytest.raises(NotAllowed):
        ban_user(moderator_a, community_a, editor_a, days=1, reason="测试")
    assert not PostingBan.objects.exists()

    ban_user(city_admin, community_a, editor_a, days=1, reason="测试")
    assert PostingBan.objects.filter(user=editor_a).exists()


def test_a_moderator_of_a_cannot_ban_or_lift_in_b(community_b, moderator_a, moderator_b, author):
    with pytest.raises(NotAllowed):
        ban_user(moderator_a, community_b, author, days=1, reason="广告")
    ban = ban_user(moderator_b, community_b, author, days=1, reason="广告")

    with pytest.raises(NotAllowed):
        lift_ban(moderator_a, ban)
    ban.refresh_from_db()
    assert ban.lifted_at is None


def test_a_second_ban_while_one_is_in_force_is_refused(community_a, moderator_a, author):
    ban_user(moderator_a, community_a, author, days=1, reason="广告")

    with pytest.raises(ForumError) as refused:
        ban_user(moderator_a, community_a, author, days=30, reason="又发广告")

    assert refused.value.code == "already_banned"
    assert PostingBan.objects.count() == 1


def test_lifting_twice_is_refused(community_a, moderator_a):
    ban = ban_user(moderator_a, community_a, UserFactory(), days=1, reason="广告")
    lift_ban(moderator_a, ban)

    with pytest.raises(ForumError):
        lift_ban(moderator_a, ban)
