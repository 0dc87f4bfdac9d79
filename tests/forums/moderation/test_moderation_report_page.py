"""The report page (举报) over HTTP, on the community's own site."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from accounts.factories import UserFactory
from forums.models import Flag, Visibility
from tests.conftest import assert_accessible_basics, host_of, said, shown
from tests.forums.conftest import forum_page, route_url
from tests.forums.moderation.conftest import report_by


def report_url(kind: str, pk: int) -> str:
    return reverse("forums:report", args=[kind, pk])


@pytest.fixture
def visitor(client):
    user = UserFactory(username="visitor", display_name="热心邻居")
    client.force_login(user)
    return user


def test_an_anonymous_visitor_is_sent_to_sign_in(client, community_a, topic_a):
    url = report_url("topic", topic_a.pk)

    response = client.get(url, **host_of(community_a))

    assert response.status_code == 302
    assert "login" in response["Location"] and "next=" in response["Location"]
    assert not Flag.objects.exists()


def test_the_page_shows_what_is_reported_and_a_labelled_form(client, community_a, topic_a, visitor):
    response = client.get(report_url("topic", topic_a.pk), **host_of(community_a))

    assert response.status_code == 200
    html = response.content.decode()
    assert_accessible_basics(html)
    assert topic_a.title in html and "东门老王" in html
    assert 'type="radio"' in html and 'name="detail"' in html
    assert "css/forums/moderation.css" in html


def test_a_report_is_saved_and_the_visitor_goes_back_to_the_item(
    client, community_a, topic_a, visitor
):
    response = client.post(
        report_url("topic", topic_a.pk),
        {"reason": "abuse", "detail": "骂人"},
        **host_of(community_a),
    )

    assert response.status_code == 302
    assert response["Location"] == route_url(forum_page(community_a), "topic", topic_id=topic_a.pk)
    flag = Flag.objects.get()
    assert (flag.reporter, flag.reason, flag.detail) == (visitor, "abuse", "骂人")
    assert flag.community == community_a
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [said("Thank you for your report. A moderator will look at it.")]


def test_the_last_report_hides_the_topic_from_the_public_pages(
    client, community_a, topic_a, visitor
):
    report_by(topic_a, 2)
    forum = forum_page(community_a)

    response = client.post(
        report_url("topic", topic_a.pk), {"reason": "spam"}, **host_of(community_a)
    )

    topic_a.refresh_from_db()
    assert topic_a.visibility == Visibility.FLAGGED
    assert response["Location"] == route_url(forum, "boards")
    client.logout()
    topic_page = route_url(forum, "topic", topic_id=topic_a.pk)
    assert client.get(topic_page, **host_of(community_a)).status_code == 404
    board = route_url(forum, "board", board_slug=topic_a.board.slug)
    listing = client.get(board, **host_of(community_a))
    assert listing.status_code == 200 and topic_a.title not in listing.content.decode()


def test_nobody_reports_their_own_item(client, community_a, topic_a, author):
    client.force_login(author)

    response = client.post(
        report_url("topic", topic_a.pk), {"reason": "spam"}, **host_of(community_a)
    )

    assert response.status_code == 403
    assert shown("You cannot report what you wrote yourself.") in response.content.decode()
    assert not Flag.objects.exists()


def test_a_second_report_by_the_same_person_is_refused(client, community_a, post_a, visitor):
    url = report_url("post", post_a.pk)
    client.post(url, {"reason": "spam"}, **host_of(community_a))

    response = client.post(url, {"reason": "false"}, **host_of(community_a))

    assert response.status_code == 400
    text = "You have already reported this. Thank you: a moderator will look at it."
    assert shown(text) in response.content.decode()
    assert Flag.objects.count() == 1
    assert shown(text) in client.get(url, **host_of(community_a)).content.decode()


def test_too_many_reports_get_a_429(settings, client, community_a, topic_a, post_a, visitor):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report:user": "1/m"}
    client.post(report_url("topic", topic_a.pk), {"reason": "spam"}, **host_of(community_a))

    response = client.post(
        report_url("post", post_a.pk), {"reason": "spam"}, **host_of(community_a)
    )

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Flag.objects.count() == 1


def test_a_form_without_a_reason_says_what_is_missing(client, community_a, reply_a, visitor):
    with translation.override("en"):
        response = client.post(
            report_url("reply", reply_a.pk), {"detail": "x"}, **host_of(community_a)
        )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "Choose why you are reporting it." in html  # the /en/ page
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    ("kind", "pk"), [("topic", 999999), ("nonsense", 1), ("post", 0)], ids=["missing", "kind", "0"]
)
def test_unknown_items_are_not_found(client, community_a, visitor, kind, pk):
    assert client.get(report_url(kind, pk), **host_of(community_a)).status_code == 404


def test_another_communitys_item_is_not_found_here(
    client, community_a, community_b, topic_b, visitor
):
    url = report_url("topic", topic_b.pk)

    assert client.get(url, **host_of(community_a)).status_code == 404
    assert client.post(url, {"reason": "spam"}, **host_of(community_a)).status_code == 404
    assert client.get(url, **host_of(community_b)).status_code == 200
    assert not Flag.objects.exists()


def test_a_hidden_item_cannot_be_reported(client, community_a, topic_a, visitor):
    report_by(topic_a, 3)

    response = client.get(report_url("topic", topic_a.pk), **host_of(community_a))

    assert response.status_code == 404


def test_a_comment_is_reported_from_its_news_page(client, community_a, comment_a, visitor):
    url = report_url("comment", comment_a.pk)
    assert client.get(url, **host_of(community_a)).status_code == 200

    response = client.post(url, {"reason": "personal"}, **host_of(community_a))

    assert response.status_code == 302
    assert response["Location"].endswith(f"#c{comment_a.pk}")
    assert Flag.objects.get().object_id == comment_a.pk
