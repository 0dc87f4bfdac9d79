"""The secret ballot (无记名投票): no table, admin screen, export or log ties a ballot to a
voter. The roll says *that* someone voted (and the day); the ballot says *what*, with no
voter, no time and a random id; the only view of the ballots is the anonymous ballots file."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import BaseLogEntry
from wagtail.snippets.models import get_snippet_models

from polls.models import Ballot, Election, VoterRollEntry
from polls.services.elections import cast_ballot, publish_result
from tests.conftest import english_admin_client as admin_client
from tests.polls.conftest import make_resident

from .conftest import fetch_ballots, ids

pytestmark = pytest.mark.django_db

BALLOT_LINE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} [0-9,]+$")


def test_a_ballot_has_no_voter_no_time_and_a_random_id():
    user_model = apps.get_model("accounts", "User")
    for field in Ballot._meta.get_fields():
        if field.is_relation:
            assert field.related_model is Election, field
        assert not isinstance(field, models.DateField | models.DateTimeField), field
        assert field.related_model not in (user_model, VoterRollEntry)
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(cursor, "polls_ballot")
        }
    assert columns == {"id", "election_id", "marks"}


def test_the_roll_keeps_only_the_day_and_no_ballot():
    names = {field.name for field in VoterRollEntry._meta.get_fields()}
    assert names == {"id", "election", "voter", "voted_on"}
    for field in VoterRollEntry._meta.get_fields():
        assert not isinstance(field, models.DateTimeField), field
        assert field.related_model is not Ballot
    assert isinstance(VoterRollEntry._meta.get_field("voted_on"), models.DateField)


def test_nothing_else_points_at_a_ballot():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model is Ballot:
                # Only the election's reverse accessor ("ballots") of Ballot.election.
                assert model is Election and field.auto_created, (model, field)


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_no_admin_screen_snippet_or_url_shows_ballots():
    assert Ballot not in django_admin.site._registry
    assert Ballot not in get_snippet_models()
    names = _url_names(get_resolver())
    assert "polls_elections:roll" in names  # the walk sees the election admin's URLs
    assert not [name for name in names if "ballot" in name.lower()]


def test_the_admin_and_the_exports_never_put_a_choice_next_to_a_voter(
    election, community_a, editor_a, city_admin, polls_a
):
    candidates = list(election.candidates.order_by("sort_order"))
    voters = []
    for number, candidate in enumerate(candidates):
        voter = make_resident(
            community_a, editor_a, username=f"secret-{number}", display_name=f"投票人{number}号"
        )
        cast_ballot(voter, election, [candidate.pk])
        voters.append(voter)
    ballot_ids = [str(pk) for pk in Ballot.objects.values_list("id", flat=True)]
    client = admin_client(city_admin)

    def page(name: str, *args) -> str:
        answer = client.get(reverse(f"polls_elections:{name}", args=args))
        assert answer.status_code == 200, name
        return answer.content.decode("utf-8-sig")

    roll_pages = [page("roll", election.pk), page("roll_csv", election.pk)]
    for html in roll_pages:
        assert all(voter.display_name in html for voter in voters)
        for candidate in candidates:
            assert candidate.name not in html
            assert f"candidate-{candidate.pk}" not in html
    csv_rows = roll_pages[1].strip().splitlines()
    assert len(csv_rows) == 4 and all(row.count(",") == 1 for row in csv_rows)  # name, day
    for html in (page("index"), page("edit", election.pk), page("history", election.pk)):
        assert not any(voter.display_name in html for voter in voters)
    for html in [*roll_pages, page("index"), page("edit", election.pk)]:
        assert not any(ballot_id in html for ballot_id in ballot_ids)
    # No log entry of any kind is about a ballot.
    ballot_type = ContentType.objects.get_for_model(Ballot)
    for log_model in (m for m in apps.get_models() if issubclass(m, BaseLogEntry)):
        assert not log_model.objects.filter(content_type=ballot_type).exists()

    publish_result(election, actor=city_admin, now=election.closes_at + timedelta(minutes=1))
    text = fetch_ballots(polls_a, election).content.decode()
    lines = text.splitlines()
    assert lines[0] == f"jiayuan-ballots v1 election={election.pk}" and len(lines) == 4
    assert all(BALLOT_LINE.match(line) for line in lines[1:]), lines
    for voter in voters:
        assert voter.display_name not in text and voter.username not in text
    assert sorted(line.split(" ")[1] for line in lines[1:]) == sorted(str(c) for c in ids(election))
