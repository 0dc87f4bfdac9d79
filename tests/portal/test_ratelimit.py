"""The one rate-limit helper: rules, windows, per user and per address, refusals not counted."""

import pytest
from django.test import RequestFactory

from portal.ratelimit import Rule, client_ip, consume, parse_rules


def test_rules_are_read_from_count_and_period():
    assert parse_rules("5/m, 30/h,3/10m") == [Rule(5, 60), Rule(30, 3600), Rule(3, 600)]
    assert parse_rules("") == []
    with pytest.raises(ValueError, match="5 per minute"):
        parse_rules("5 per minute")


def test_a_user_is_refused_over_the_limit_with_the_seconds_to_wait(settings):
    settings.RATE_LIMITS = {"post:user": "3/m"}

    answers = [consume("post", user_id=7, now=1000.0) for _ in range(5)]

    assert answers[:3] == [0, 0, 0]
    assert answers[3] == answers[4] == 20  # the minute window ends at 1020
    assert consume("post", user_id=8, now=1000.0) == 0  # someone else is not affected
    assert consume("post", user_id=7, now=1020.0) == 0  # the next window


def test_the_address_limit_applies_across_users(settings):
    settings.RATE_LIMITS = {"post:user": "10/m", "post:ip": "2/h"}

    assert consume("post", user_id=1, ip="10.0.0.1", now=0.0) == 0
    assert consume("post", user_id=2, ip="10.0.0.1", now=0.0) == 0
    assert consume("post", user_id=3, ip="10.0.0.1", now=0.0) == 3600
    assert consume("post", user_id=3, ip="10.0.0.2", now=0.0) == 0


def test_a_refused_attempt_is_not_counted(settings):
    settings.RATE_LIMITS = {"report:user": "1/m,2/h"}

    assert consume("report", user_id=1, now=0.0) == 0
    for _ in range(5):  # refused by the minute rule: the hour rule must not fill up
        assert consume("report", user_id=1, now=1.0) > 0
    assert consume("report", user_id=1, now=61.0) == 0


def test_the_client_address_comes_from_the_proxy_only_when_behind_one(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1",
                                   HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")  # fmt: skip
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.1.1.1"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "5.6.7.8"
