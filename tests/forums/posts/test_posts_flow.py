"""The headline of 我有话说: a verified resident's complaint becomes a dispatched governance
event, and the resident follows it to closure on their own post — all over HTTP."""

import pytest
from django.urls import reverse
from django.utils import translation

from forums.models import Post, PostKind, PostPhoto
from governance.models import EventPhoto, EventSource, EventStatus
from governance.templatetags.governance_tags import event_status_badge
from notifications.models import Notification
from tests.conftest import assert_accessible_basics, host_of, shown
from tests.forums.posts.conftest import client_for, complaint, jpeg_with_gps, new_url, post_url

pytestmark = pytest.mark.django_db


def workbench(event, action: str, client, **fields) -> None:
    """One action on the admin workbench's event page, as the buttons post it."""
    data = {"action": action, f"{action}-seen": event.status,
            **{f"{action}-{k}": v for k, v in fields.items()}}  # fmt: skip
    response = client.post(reverse("governance_workbench:event", args=[event.pk]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    event.refresh_from_db()


def badge(event) -> str:
    with translation.override("zh-hans"):
        return str(event_status_badge(event))


def test_a_complaint_travels_from_the_post_to_closure(
    community_a, resident_a, category, building_3, grid_a, dispatcher_a, handler_a
):
    host = host_of(community_a)
    resident = client_for(resident_a)
    form = resident.get(new_url(community_a), **host)
    assert form.status_code == 200
    assert_accessible_basics(form.content.decode())

    response = resident.post(
        new_url(community_a), complaint(category, photos=[jpeg_with_gps()]), **host
    )
    assert response.status_code == 302
    post = Post.objects.get(author=resident_a)
    assert response["Location"] == post_url(post)
    event = post.event
    assert post.kind == PostKind.COMPLAINT
    assert (event.category, event.community, event.grid) == (category, community_a, grid_a)
    assert event.source == EventSource.PORTAL and event.reporter == resident_a
    assert event.status == EventStatus.REPORTED and event.is_public
    assert (event.title, event.building, event.location) == (post.title, "3栋", "3栋后门")
    assert PostPhoto.objects.filter(post=post).count() == 1
    assert EventPhoto.objects.filter(event=event).count() == 1  # the dispatcher sees it too

    def resident_sees(action: str) -> str:
        page = resident.get(post_url(post), **host)
        assert page.status_code == 200
        html = page.content.decode()
        event.refresh_from_db()
        assert badge(event) in html
        assert f"event-timeline__step--{action}" in html
        return html

    def told_once_more(before: int) -> int:
        notes = Notification.objects.filter(user=resident_a, kind="events")
        assert notes.count() == before + 1
        # The reporter is sent to their own post, not to the bare event page.
        assert notes.order_by("-pk").first().url == post_url(post)
        return before + 1

    html = resident_sees("report")
    assert_accessible_basics(html)
    told = Notification.objects.filter(user=resident_a, kind="events").count()

    desk, unit = client_for(dispatcher_a), client_for(handler_a)
    workbench(event, "accept", desk, note="")
    assert event.status == EventStatus.ACCEPTED
    resident_sees("accept")
    told = told_once_more(told)

    workbench(
        event, "dispatch", desk, department=category.department_id,
        handling_level=event.handling_level, handler=handler_a.pk, grid=grid_a.pk,
    )  # fmt: skip
    assert event.status == EventStatus.DISPATCHED and event.handler == handler_a
    html = resident_sees("dispatch")
    assert "城市管理和综合执法局" in html  # "passed to" the department, by name
    told = told_once_more(told)

    workbench(event, "start", unit, note="")
    assert event.status == EventStatus.IN_PROGRESS
    resident_sees("start")
    told = told_once_more(told)

    workbench(event, "resolve", unit, resolution="电动车已全部清走，通道已畅通。")
    assert event.status == EventStatus.RESOLVED
    html = resident_sees("resolve")
    assert "电动车已全部清走" in html
    assert f'action="{post_url(post, "feedback")}"' in html  # the author is asked here
    assert 'value="confirm"' in html
    assert_accessible_basics(html)
    told = told_once_more(told)

    # Only the author answers "is it settled?": the staff and strangers get no form.
    assert (
        'value="confirm"'
        not in client_for(dispatcher_a).get(post_url(post), **host).content.decode()
    )
    assert 'value="confirm"' not in client_for().get(post_url(post), **host).content.decode()

    done = resident.post(
        post_url(post, "feedback"),
        {"action": "confirm", "satisfaction": "4", "comment": "谢谢", "seen_status": "resolved"},
        **host,
    )
    assert done.status_code == 302 and done["Location"] == post_url(post)
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED and event.satisfaction == 4
    html = resident_sees("confirm")
    assert shown("Thank you. The matter is closed as settled.") in html
    assert 'value="confirm"' not in html


def test_only_the_author_may_confirm_and_a_bad_answer_changes_nothing(
    community_a, resident_a, category, building_3, dispatcher_a, handler_a, signed_in_user
):
    from governance.services import accept_event, dispatch_event, resolve_event, start_handling

    host = host_of(community_a)
    resident = client_for(resident_a)
    resident.post(new_url(community_a), complaint(category), **host)
    post = Post.objects.get(author=resident_a)
    event = post.event
    accept_event(event, dispatcher_a)
    dispatch_event(event, dispatcher_a, handler=handler_a)
    start_handling(event, handler_a)
    resolve_event(event, handler_a, "已处理")

    stranger = client_for(signed_in_user).post(
        post_url(post, "feedback"), {"action": "confirm", "satisfaction": "5"}, **host
    )
    assert stranger.status_code == 403
    no_score = resident.post(post_url(post, "feedback"), {"action": "confirm"}, **host)
    assert no_score.status_code == 400
    no_reason = resident.post(post_url(post, "feedback"), {"action": "reopen"}, **host)
    assert no_reason.status_code == 400
    assert_accessible_basics(no_reason.content.decode())
    event.refresh_from_db()
    assert event.status == EventStatus.RESOLVED

    reopened = resident.post(
        post_url(post, "feedback"),
        {"action": "reopen", "comment": "晚上又停满了", "satisfaction": "2"},
        **host,
    )
    assert reopened.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.REOPENED
    # A GET on the feedback route does nothing.
    assert resident.get(post_url(post, "feedback"), **host).status_code == 405
