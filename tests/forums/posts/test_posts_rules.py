"""The posting rules of 我有话说: who may post, bans, rate limits, repeats, banned words, and
what a resident finds of their posts in "my account" and in their data export."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import BannedWord, Post, PostingBan, Visibility
from forums.services.guard import forget_banned_words
from governance.factories import CategoryFactory
from governance.models import Event
from tests.conftest import (
    assert_accessible_basics,
    changed_tables,
    database_rows,
    host_of,
    said,
    shown,
)
from tests.forums.posts.conftest import client_for, complaint, list_url, new_url, post_url

pytestmark = pytest.mark.django_db

SUGGESTION = {"kind": "suggestion", "title": "增设充电桩", "body": "建议在3栋旁增设充电桩。",
              "public": "on"}  # fmt: skip


def test_a_banned_user_cannot_post(community_a, resident_a, editor_a, category):
    now = timezone.now()
    PostingBan.objects.create(community=community_a, user=resident_a, reason="多次发布广告",
                              starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=7),
                              created_by=editor_a)  # fmt: skip
    client = client_for(resident_a)
    form = client.get(new_url(community_a), **host_of(community_a))
    assert form.status_code == 403
    html = form.content.decode()
    assert "多次发布广告" in html and 'type="submit"' not in html.split("<main")[1]
    assert_accessible_basics(html)
    assert (
        "多次发布广告" in client.get(list_url(community_a), **host_of(community_a)).content.decode()
    )
    before = database_rows()
    for data in (SUGGESTION, complaint(category)):
        response = client.post(new_url(community_a), data, **host_of(community_a))
        assert response.status_code == 403
    assert changed_tables(before, database_rows()) == {}


def test_only_verified_residents_post_where_the_community_says_so(
    community_a, resident_a, signed_in_user, residents_only
):
    passer_by = client_for(signed_in_user)
    before = database_rows()
    refused = passer_by.post(new_url(community_a), SUGGESTION, **host_of(community_a))
    assert refused.status_code == 403
    assert (
        shown(
            "Only verified residents of %(community)s may post here. Ask to be verified "
            "from your account's residency page.",
            community=community_a.name,
        )
        in refused.content.decode()
    )
    assert changed_tables(before, database_rows()) == {}
    allowed = client_for(resident_a).post(new_url(community_a), SUGGESTION, **host_of(community_a))
    assert allowed.status_code == 302


def test_anyone_signed_in_posts_where_the_community_allows_it(community_a, signed_in_user):
    response = client_for(signed_in_user).post(
        new_url(community_a), SUGGESTION, **host_of(community_a)
    )
    assert response.status_code == 302
    assert Post.objects.get().author == signed_in_user


def test_posting_too_often_is_a_429_and_an_identical_repeat_is_refused(
    community_a, resident_a, settings
):
    client = client_for(resident_a)
    first = client.post(new_url(community_a), SUGGESTION, **host_of(community_a))
    assert first.status_code == 302
    repeat = client.post(new_url(community_a), SUGGESTION, **host_of(community_a))
    assert repeat.status_code == 400
    assert (
        shown("You posted exactly the same text a moment ago; it is not posted twice.")
        in repeat.content.decode()
    )
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post:user": "2/m"}
    too_often = client.post(new_url(community_a), {**SUGGESTION, "title": "再发一条"},
                            **host_of(community_a))  # fmt: skip
    assert too_often.status_code == 429 and int(too_often["Retry-After"]) > 0
    html = too_often.content.decode()
    assert "再发一条" in html  # what was typed is kept
    assert_accessible_basics(html)
    assert Post.objects.count() == 1


def test_a_banned_word_holds_the_post_but_the_complaint_is_still_reported(
    client, community_a, resident_a, category
):
    BannedWord.objects.create(phrase="垃圾物业")
    forget_banned_words()
    author = client_for(resident_a)
    response = author.post(
        new_url(community_a),
        complaint(category, body="垃圾物业不管消防通道！"),
        **host_of(community_a),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.visibility == Visibility.HELD and "垃圾物业" in post.moderation_note
    event = Event.objects.get()
    assert post.event == event and not event.is_public  # handled, but not shown publicly
    assert client.get(post_url(post), **host_of(community_a)).status_code == 404
    assert (
        post.title not in client.get(list_url(community_a), **host_of(community_a)).content.decode()
    )
    html = author.get(post_url(post), **host_of(community_a)).content.decode()
    assert said("Thank you. Your post waits for a moderator first.") in html
    assert post.moderation_note in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "event-timeline__step--report" in html  # the reporter still follows it


def test_a_private_category_makes_the_complaint_private(client, community_a, resident_a):
    family = CategoryFactory(code="d-family", name="家庭纠纷", may_be_public=False)
    response = client_for(resident_a).post(new_url(community_a), complaint(family),
                                           **host_of(community_a))  # fmt: skip
    assert response.status_code == 302
    post = Post.objects.get()
    assert not post.is_public and not post.event.is_public
    assert client.get(post_url(post), **host_of(community_a)).status_code == 404


def test_my_posts_in_my_account_and_in_the_data_export(community_a, resident_a, category):
    client = client_for(resident_a)
    client.post(new_url(community_a), SUGGESTION, **host_of(community_a))
    client.post(new_url(community_a), complaint(category), **host_of(community_a))
    suggestion, complaint_post = Post.objects.order_by("pk")
    html = client.get("/accounts/me/", **host_of(community_a)).content.decode()
    assert f"{community_a.get_url().rstrip('/')}{post_url(suggestion)}" in html
    assert "增设充电桩" in html and said("Waiting for an answer") in html
    assert said("You have not posted anything yet.") not in html
    data = json.loads(client.post(reverse("account_data_export"), **host_of(community_a)).content)
    exported = {p["title"]: p for p in data["posts"]}
    assert (
        exported["增设充电桩"]["body"] == SUGGESTION["body"]
        and exported["增设充电桩"]["event"] is None
    )
    assert exported[complaint_post.title]["event"] == complaint_post.event.reference
    assert exported[complaint_post.title]["public"] is True


def test_the_city_portal_has_no_column(client, portal, community_a):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    response = client.get(list_url(community_a), HTTP_HOST=site.hostname)
    assert response.status_code == 404
