"""Fixtures of the election tests: an open election of community_a with three candidates and
two seats, a closed one, a city administrator, and helpers for the pages and messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.factories import UserFactory
from accounts.models import Role
from governance.factories import grant
from polls.factories.elections import open_election
from tests.polls.conftest import route_url

NAMES = ["孙悟空", "猪八戒", "沙和尚"]


@pytest.fixture
def election(community_a):
    """Open now (from an hour ago for a week), 2 seats, three candidates."""
    return open_election(community_a, NAMES, seats=2, title="第一届居民代表选举")


@pytest.fixture
def closed_election(community_a):
    """Closed an hour ago, result not yet published."""
    now = timezone.now()
    return open_election(
        community_a,
        NAMES,
        seats=1,
        title="已结束的选举",
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(hours=1),
    )


@pytest.fixture
def city_admin(db):
    user = UserFactory(username="city-admin", display_name="市级管理员")
    grant(user, Role.CITY_ADMIN)
    return user


def ids(election) -> list[int]:
    """The candidates' ids in ballot order."""
    return list(election.candidates.order_by("sort_order").values_list("pk", flat=True))


def election_url(polls, election, name: str = "election") -> str:
    return route_url(polls, name, election_id=election.pk)


def local_day(day) -> str:
    """A date as the default language formats it in a message."""
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(day, "DATE_FORMAT")


def moment_text(moment, format: str = "DATETIME_FORMAT") -> str:
    """A time as the default language formats it (local time)."""
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(timezone.localtime(moment), format)


def fetch_ballots(polls, election):
    """The ballots file, asked for by an anonymous visitor on the community's site.

    Through the view itself: Wagtail serves no page route with a dot in it (see
    ``test_the_ballots_link_on_the_page_is_served``).
    """
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404
    from django.test import RequestFactory

    from polls.views.elections import election_ballots

    request = RequestFactory().get("/", HTTP_HOST=election.community.hostname)
    request.user = AnonymousUser()
    try:
        return election_ballots(request, polls, election.pk)
    except Http404:
        return None
