"""What a resident sees of an event (事件公开页): who may see it, what it never shows (staff
names, internal notes, the reporter's phone), the "is it settled?" answer (案结事了), the photos
and the timeline tag the posts show."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from PIL import Image

from accounts.factories import UserFactory
from governance.factories import CategoryFactory, dispatcher, handler, make_event
from governance.models import EventLogEntry, EventPhoto, EventStatus
from governance.services import (
    accept_event,
    add_note,
    confirm_event,
    dispatch_event,
    reject_event,
    resolve_event,
    start_handling,
)
from tests.conftest import assert_accessible_basics, host_of, said, shown
from tests.governance.conftest import at

REPORTER_PHONE = "+8615012349876"
PHONE_FORMS = (REPORTER_PHONE, "15012349876", "150 1234 9876", "150-1234-9876")
STAFF_NOTE = "内部备注：报告人情绪激动，注意沟通方式"
RESOLUTION = "已清理楼道杂物，消防通道恢复畅通。"


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /en/ leaves English active in the thread: start each test from Chinese,
    # so that the URLs reversed here carry no /en/ prefix.
    with translation.override(settings.LANGUAGE_CODE):
        yield


def page_url(event) -> str:
    return reverse("governance:event_detail", args=[event.reference])


def feedback_url(event) -> str:
    return reverse("governance:event_feedback", args=[event.reference])


def has_form(html: str, event) -> bool:
    return f'action="{feedback_url(event)}"' in html


def photo_url(photo) -> str:
    return reverse("governance:event_photo", args=[photo.pk])


def client_for(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def reporter(db):
    # The username is the phone number: nothing public may fall back to it.
    return UserFactory(
        username="15012349876",
        display_name="花果山老王",
        real_name="欧阳小明",
        phone=REPORTER_PHONE,
        phone_verified=True,
    )


@pytest.fixture
def dispatcher_a(community_a):
    return dispatcher(community_a, display_name="调度员张敏", real_name="张敏")


@pytest.fixture
def handler_a(department, community_a):
    return handler(department, community_a, display_name="处置员刘强", real_name="刘强")


@pytest.fixture
def event(community_a, category, reporter):
    return make_event(community_a, category, reporter=reporter, now=at("2026-11-02 10:00"),
                      location="花果山小区3栋")  # fmt: skip


@pytest.fixture
def resolved(event, dispatcher_a, handler_a):
    accept_event(event, dispatcher_a, note="受理备注：已电话核实", now=at("2026-11-02 11:00"))
    dispatch_event(event, dispatcher_a, now=at("2026-11-02 11:30"))
    start_handling(event, handler_a, now=at("2026-11-02 14:00"))
    add_note(event, handler_a, STAFF_NOTE, now=at("2026-11-02 14:30"))
    resolve_event(event, handler_a, RESOLUTION, now=at("2026-11-03 10:00"))
    return event


@pytest.fixture
def private_event(community_a, department, reporter):
    family = CategoryFactory(code="d-family", department=department, may_be_public=False)
    return make_event(community_a, family, reporter=reporter, now=at("2026-11-02 10:00"),
                      title="家庭纠纷", description="与家人因赡养问题发生争执。")  # fmt: skip


def jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue())


def add_photo(event) -> EventPhoto:
    photo = EventPhoto(event=event)
    photo.image.save("张三家门口.jpg", jpeg(), save=True)
    return photo


def history(event) -> list:
    return list(EventLogEntry.objects.filter(event=event).values_list("action", flat=True))


# Who may see an event


def test_public_event_is_shown_to_anyone(event, community_a, category):
    response = Client().get(page_url(event), **host_of(community_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert event.reference in html
    assert event.title in html
    assert category.display_name in html
    assert "花果山小区3栋" in html
    assert shown("Reported") in html  # the status in words, next to its icon
    assert "花果山老王" in html  # the reporter by public name only
    assert_accessible_basics(html)


@pytest.mark.parametrize("who", ["anonymous", "another resident"])
def test_private_event_is_not_found_for_others(private_event, community_a, who):
    assert private_event.is_public is False
    client = client_for(None if who == "anonymous" else UserFactory())
    response = client.get(page_url(private_event), **host_of(community_a))
    assert response.status_code == 404
    assert "家庭纠纷" not in response.content.decode()


def test_private_event_is_shown_to_its_reporter_and_the_dispatcher(
    private_event, community_a, reporter, dispatcher_a
):
    for user in (reporter, dispatcher_a):
        response = client_for(user).get(page_url(private_event), **host_of(community_a))
        assert response.status_code == 200, user
        assert "家庭纠纷" in response.content.decode()


def test_rejected_event_is_hidden_from_the_public(event, community_a, reporter, dispatcher_a):
    reject_event(event, dispatcher_a, "不属于社区受理范围", now=at("2026-11-02 11:00"))
    assert Client().get(page_url(event), **host_of(community_a)).status_code == 404
    response = client_for(reporter).get(page_url(event), **host_of(community_a))
    assert response.status_code == 200
    assert "不属于社区受理范围" in response.content.decode()  # the reason is for the reporter


def test_event_of_another_community_is_not_found_on_this_site(
    community_a, community_b, category, reporter
):
    other = make_event(community_b, category, reporter=reporter, now=at("2026-11-02 10:00"))
    assert Client().get(page_url(other), **host_of(community_a)).status_code == 404
    assert client_for(reporter).get(page_url(other), **host_of(community_a)).status_code == 404
    assert Client().get(page_url(other), **host_of(community_b)).status_code == 200


def test_unknown_reference_and_the_portal_are_not_found(event, community_a):
    assert Client().get("/events/2026-9999999/", **host_of(community_a)).status_code == 404
    assert Client().get(page_url(event), HTTP_HOST="localhost").status_code == 404


# What the page never shows


def test_no_staff_names_internal_notes_or_phone_numbers(
    resolved, community_a, reporter, dispatcher_a, handler_a
):
    for user in (None, UserFactory(), reporter):
        response = client_for(user).get(page_url(resolved), **host_of(community_a))
        assert response.status_code == 200
        html = response.content.decode()
        assert RESOLUTION in html  # the public steps are there …
        assert shown("Handling started") in html
        for secret in ("调度员张敏", "张敏", "处置员刘强", "刘强", STAFF_NOTE, "已电话核实"):
            assert secret not in html, (user, secret)  # … not who did them, nor the notes
        for secret in (*PHONE_FORMS, "欧阳小明"):
            assert secret not in html, (user, secret)


def test_english_page(resolved, community_a, category):
    response = Client().get("/en" + page_url(resolved), **host_of(community_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert category.name_en in html
    assert "Progress" in html
    assert "The department says it is resolved." in html
    assert f"Passed to {category.department.name_en}" in html


# The reporter's answer


def test_reporter_sees_an_accessible_feedback_form(resolved, community_a, reporter):
    response = client_for(reporter).get(page_url(resolved), **host_of(community_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert has_form(html, resolved)
    assert html.count('type="radio" name="satisfaction"') == 5
    assert "<fieldset" in html and "<legend>" in html
    assert shown("Very unsatisfied") in html and shown("Very satisfied") in html
    assert shown("Confirm: it is settled") in html and shown("Not settled: reopen") in html
    assert_accessible_basics(html)


def test_others_do_not_get_the_form(resolved, community_a):
    for user in (None, UserFactory()):
        html = client_for(user).get(page_url(resolved), **host_of(community_a)).content.decode()
        assert not has_form(html, resolved)


def test_reporter_confirms_with_a_score(resolved, community_a, reporter):
    client = client_for(reporter)
    response = client.post(
        feedback_url(resolved),
        {"action": "confirm", "satisfaction": "4", "comment": "谢谢", "seen_status": "resolved"},
        **host_of(community_a),
    )
    assert response.status_code == 302
    assert response["Location"] == page_url(resolved)
    resolved.refresh_from_db()
    assert resolved.status == EventStatus.CLOSED
    assert resolved.satisfaction == 4
    page = client.get(response["Location"], **host_of(community_a)).content.decode()
    assert shown("Thank you. The matter is closed as settled.") in page
    assert shown("Confirmed settled, satisfaction %(score)s of 5", score=4) in page
    assert "谢谢" in page


def test_reporter_reopens_with_a_reason(resolved, community_a, reporter):
    response = client_for(reporter).post(
        feedback_url(resolved),
        {"action": "reopen", "satisfaction": "2", "comment": "纸箱又堆回来了"},
        **host_of(community_a),
    )
    assert response.status_code == 302
    resolved.refresh_from_db()
    assert resolved.status == EventStatus.REOPENED
    assert resolved.reopen_count == 1


def test_reopen_without_a_reason_changes_nothing(resolved, community_a, reporter):
    before = history(resolved)
    response = client_for(reporter).post(
        feedback_url(resolved), {"action": "reopen", "comment": "   "}, **host_of(community_a)
    )
    assert response.status_code == 400
    assert shown("Say what is still wrong, so the department can act on it.") in (
        response.content.decode()
    )
    resolved.refresh_from_db()
    assert resolved.status == EventStatus.RESOLVED
    assert resolved.reopen_count == 0
    assert history(resolved) == before
    assert_accessible_basics(response.content.decode())


@pytest.mark.parametrize("score", ["9", "0", "abc", ""])
def test_bad_score_changes_nothing(resolved, community_a, reporter, score):
    response = client_for(reporter).post(
        feedback_url(resolved), {"action": "confirm", "satisfaction": score},
        **host_of(community_a),
    )  # fmt: skip
    assert response.status_code == 400
    assert shown("Choose a score from 1 (very unsatisfied) to 5 (very satisfied).") in (
        response.content.decode()
    )
    resolved.refresh_from_db()
    assert resolved.status == EventStatus.RESOLVED and resolved.satisfaction is None


def test_missing_action_changes_nothing(resolved, community_a, reporter):
    response = client_for(reporter).post(
        feedback_url(resolved), {"satisfaction": "5"}, **host_of(community_a)
    )
    assert response.status_code == 400
    resolved.refresh_from_db()
    assert resolved.status == EventStatus.RESOLVED


def test_someone_else_cannot_answer(resolved, private_event, community_a):
    before = history(resolved)
    stranger = client_for(UserFactory())
    response = stranger.post(
        feedback_url(resolved), {"action": "confirm", "satisfaction": "1"}, **host_of(community_a)
    )
    assert response.status_code == 403
    assert shown("Only the person who reported this matter can say whether it is settled.") in (
        response.content.decode()
    )
    resolved.refresh_from_db()
    assert resolved.status == EventStatus.RESOLVED and history(resolved) == before
    # A private event does not even exist for them.
    response = stranger.post(
        feedback_url(private_event), {"action": "reopen", "comment": "x"}, **host_of(community_a)
    )
    assert response.status_code == 404


def test_answer_after_the_event_changed_is_a_conflict(resolved, community_a, reporter):
    confirm_event(resolved, reporter, 5, now=at("2026-11-03 12:00"))  # in another tab
    response = client_for(reporter).post(
        feedback_url(resolved),
        {"action": "reopen", "comment": "还没处理好", "seen_status": "resolved"},
        **host_of(community_a),
    )
    assert response.status_code == 400
    html = response.content.decode()
    conflict = (
        "Someone else changed event %(reference)s while you were looking at it: "
        "it is now “%(status)s”. Reload the page to see what happened."
    )
    assert shown(conflict, reference=resolved.reference, status=said("Closed")) in html
    assert not has_form(html, resolved)  # closed now: no form any more
    resolved.refresh_from_db()
    assert resolved.status == EventStatus.CLOSED and resolved.satisfaction == 5


def test_answer_before_resolution_is_refused(event, community_a, reporter):
    response = client_for(reporter).post(
        feedback_url(event), {"action": "confirm", "satisfaction": "5"}, **host_of(community_a)
    )
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.status == EventStatus.REPORTED


def test_feedback_url_is_post_only_login_only_and_csrf_protected(resolved, community_a, reporter):
    host = host_of(community_a)
    assert client_for(reporter).get(feedback_url(resolved), **host).status_code == 405
    response = Client().post(feedback_url(resolved), {"action": "confirm", "satisfaction": "5"},
                             **host)  # fmt: skip
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    strict = client_for(reporter, enforce_csrf_checks=True)
    response = strict.post(feedback_url(resolved), {"action": "confirm", "satisfaction": "5"},
                           **host)  # fmt: skip
    assert response.status_code == 403
    resolved.refresh_from_db()
    assert resolved.status == EventStatus.RESOLVED


# Photos


def test_photo_of_a_public_event(event, community_a, community_b):
    photo = add_photo(event)
    assert "张三" not in photo.image.name  # stored under a random name
    response = Client().get(photo_url(photo), **host_of(community_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    page = Client().get(page_url(event), **host_of(community_a)).content.decode()
    assert photo_url(photo) in page
    assert Client().get(photo_url(photo), **host_of(community_b)).status_code == 404
    assert Client().get(photo_url(photo), HTTP_HOST="localhost").status_code == 404


def test_photo_of_a_private_event(private_event, community_a, reporter, dispatcher_a):
    photo = add_photo(private_event)
    host = host_of(community_a)
    assert Client().get(photo_url(photo), **host).status_code == 404
    assert client_for(UserFactory()).get(photo_url(photo), **host).status_code == 404
    assert client_for(reporter).get(photo_url(photo), **host).status_code == 200
    assert client_for(dispatcher_a).get(photo_url(photo), **host).status_code == 200
    # Staff may open it from the portal's host (the workbench), residents may not.
    assert client_for(dispatcher_a).get(photo_url(photo), HTTP_HOST="localhost").status_code == 200
    assert client_for(reporter).get(photo_url(photo), HTTP_HOST="localhost").status_code == 404
    assert Client().get("/events/photos/999999/", **host).status_code == 404


# The tag the posts show


def render_timeline(event, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load governance_tags %}{% event_timeline event %}")
    return template.render(Context({"event": event, "request": request}))


def test_timeline_tag_in_two_queries(resolved, reporter, category, django_assert_num_queries):
    with django_assert_num_queries(2):  # the public log entries, the departments they name
        html = render_timeline(resolved, reporter)
    assert page_url(resolved) in html
    assert shown("Resolved") in html
    assert RESOLUTION in html
    assert category.department.display_name in html
    assert STAFF_NOTE not in html and "刘强" not in html
    assert 'aria-hidden="true"' in html  # the icon repeats the words, it does not replace them


def test_timeline_tag_hides_a_private_event_from_others(private_event, reporter):
    assert render_timeline(private_event, UserFactory()).strip() == ""
    html = render_timeline(private_event, reporter)
    assert private_event.reference in html
