"""Who may post and vote (参与资格): each community's rule, each kind of user, and the queries
asked to decide (pinned: later features call this on every form)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from accounts.factories import UserFactory
from accounts.services.eligibility import Eligibility, check_participation, may_participate
from accounts.services.residency import approve_residency, request_residency
from communities.models import Community, CommunitySettings, Participation


@pytest.fixture
def rules(community_a):
    """Set community_a's rules: rules(post=..., vote=...)."""

    def set_rules(post: str = Participation.SIGNED_IN, vote: str = Participation.RESIDENTS):
        settings = CommunitySettings.for_site(community_a.site)
        settings.who_may_post = post
        settings.who_may_vote = vote
        settings.save()
        return settings

    return set_rules


@pytest.fixture
def member(community_a, editor_a):
    user = UserFactory(username="member")
    approve_residency(editor_a, request_residency(user, community_a, building="3栋", unit="1"))
    return user


@pytest.fixture
def outsider(community_b, superuser):
    """A verified resident, but of community_b."""
    user = UserFactory(username="outsider")
    approve_residency(superuser, request_residency(user, community_b, building="1栋", unit="1"))
    return user


def fresh(community: Community) -> Community:
    """The community as a view gets it: its site not loaded."""
    return Community.objects.get(pk=community.pk)


@pytest.mark.parametrize("action", ["post", "vote"])
def test_anonymous_visitors_are_asked_to_sign_in(
    community_a, rules, action, django_assert_num_queries
):
    rules(post=Participation.SIGNED_IN, vote=Participation.SIGNED_IN)
    community = fresh(community_a)
    with django_assert_num_queries(0), translation.override("en"):
        result = check_participation(AnonymousUser(), community, action)
        assert check_participation(None, community, action) == result
    assert result == Eligibility(False, f"Sign in to {action}.", "anonymous")
    assert not result
    assert not may_participate(AnonymousUser(), community, action)


def test_inactive_and_deleted_accounts_cannot_take_part(
    community_a, rules, member, django_assert_num_queries
):
    rules(post=Participation.SIGNED_IN, vote=Participation.SIGNED_IN)
    community = fresh(community_a)
    member.is_active = False
    with django_assert_num_queries(0):
        assert check_participation(member, community, "post").code == "inactive"
    member.deleted_at = timezone.now()
    with django_assert_num_queries(0):
        assert check_participation(member, community, "vote").code == "deleted"


def test_signed_in_rule_lets_any_user_take_part(community_a, rules, django_assert_num_queries):
    rules(post=Participation.SIGNED_IN, vote=Participation.SIGNED_IN)
    user = UserFactory()
    community = fresh(community_a)
    for action in ("post", "vote"):
        with django_assert_num_queries(1):  # the settings; no residency needed
            result = check_participation(user, community, action)
        assert result == Eligibility(True, "", "ok")
        assert result


def test_residents_rule_refuses_others_with_a_reason(
    community_a, rules, outsider, django_assert_num_queries
):
    rules(post=Participation.RESIDENTS, vote=Participation.RESIDENTS)
    community = fresh(community_a)
    for user in (UserFactory(), outsider):
        with django_assert_num_queries(2), translation.override("en"):
            result = check_participation(user, community, "vote")
        assert (result.allowed, result.code) == (False, "resident_only")
        assert result.reason.startswith("Only verified residents of 花果山社区 may vote here.")
    with translation.override("en"):
        assert "may post here" in check_participation(outsider, community, "post").reason


def test_residents_rule_admits_the_communitys_verified_residents(
    community_a, rules, member, django_assert_num_queries
):
    rules(post=Participation.RESIDENTS, vote=Participation.RESIDENTS)
    community = fresh(community_a)
    for action in ("post", "vote"):
        with django_assert_num_queries(2):
            assert check_participation(member, community, action).code == "ok"


def test_each_action_has_its_own_rule(community_a, rules, django_assert_num_queries):
    """The defaults: anyone signed in posts, only residents vote."""
    rules()
    user = UserFactory()
    assert check_participation(user, fresh(community_a), "post").allowed
    assert check_participation(user, fresh(community_a), "vote").code == "resident_only"


def test_pending_ended_and_rejected_residents_are_not_verified(
    community_a, community_b, rules, editor_a, superuser
):
    rules(vote=Participation.RESIDENTS)
    waiting = UserFactory()
    request_residency(waiting, community_a, building="3栋", unit="1")
    mover = UserFactory()
    approve_residency(editor_a, request_residency(mover, community_a, building="3栋", unit="2"))
    approve_residency(superuser, request_residency(mover, community_b, building="1栋", unit="1"))
    for user in (waiting, mover):
        assert check_participation(user, fresh(community_a), "vote").code == "resident_only"


def test_settings_the_request_already_has_save_a_query(
    community_a, rules, member, django_assert_num_queries
):
    settings = rules(vote=Participation.RESIDENTS)
    community = fresh(community_a)
    with django_assert_num_queries(1):  # only the residency
        assert check_participation(member, community, "vote", site_settings=settings).allowed
    with django_assert_num_queries(0):
        assert check_participation(
            UserFactory.build(), community, "post", site_settings=settings
        ).allowed


def test_a_loaded_site_is_used_as_it_is(community_a, rules, django_assert_num_queries):
    rules(post=Participation.SIGNED_IN)
    community = Community.objects.select_related("site").get(pk=community_a.pk)
    with django_assert_num_queries(1):
        assert check_participation(UserFactory.build(pk=10**6), community, "post").allowed


def test_no_community_and_unknown_actions(community_a):
    user = UserFactory()
    assert check_participation(user, None, "post").code == "no_community"
    with pytest.raises(ValueError, match="unknown action"):
        check_participation(user, community_a, "delete")
