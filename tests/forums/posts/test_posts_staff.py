"""The community office and posts: official replies (官方回复) to suggestions and questions,
and a question turned into a complaint (转为事件) — by its editors only, the author told."""

import pytest

from accounts.factories import UserFactory
from forums.factories import PostFactory
from forums.models import Post, PostKind
from forums.services.errors import ForumError, NotAllowed
from forums.services.posts import answer_post, convert_to_complaint
from governance.models import Event, EventSource, EventStatus
from notifications.models import Notification
from tests.conftest import (
    assert_accessible_basics,
    changed_tables,
    database_rows,
    host_of,
    said,
    shown,
)
from tests.forums.posts.conftest import client_for, post_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_b(community_b):
    user = UserFactory(username="editor-b")
    user.groups.add(community_b.editors_group)
    return user


@pytest.fixture
def suggestion(community_a, resident_a):
    return PostFactory(community=community_a, author=resident_a, title="增设充电桩",
                       body="建议在3栋旁增设电动自行车充电桩。")  # fmt: skip


@pytest.fixture
def question(community_a, resident_a):
    return PostFactory(community=community_a, author=resident_a, kind=PostKind.CONSULTATION,
                       title="楼道灯归谁修？", body="3栋楼道灯坏了一周，该找谁？",
                       building="3栋")  # fmt: skip


def test_an_official_reply_is_marked_and_tells_the_author(
    community_a, editor_a, resident_a, suggestion
):
    editor_a.display_name = "编辑小陈"
    editor_a.save()
    office = client_for(editor_a)
    page = office.get(post_url(suggestion), **host_of(community_a)).content.decode()
    assert f'action="{post_url(suggestion, "answer")}"' in page
    assert_accessible_basics(page)
    response = office.post(
        post_url(suggestion, "answer"),
        {"answer-text": "已列入明年计划，谢谢！"},
        **host_of(community_a),
    )
    assert response.status_code == 302 and response["Location"] == post_url(suggestion)
    suggestion.refresh_from_db()
    assert (
        suggestion.official_reply == "已列入明年计划，谢谢！" and suggestion.replied_by == editor_a
    )
    note = Notification.objects.get(user=resident_a, kind="posts")
    assert note.url == post_url(suggestion) and "增设充电桩" in note.title

    html = client_for().get(post_url(suggestion), **host_of(community_a)).content.decode()
    reply = html[html.index('class="post-reply"') :]
    assert said("Official reply") in reply and "已列入明年计划" in reply
    assert said("%(community)s community office") % {"community": community_a.name} in reply
    assert "编辑小陈" not in html  # the office answers, not a person
    assert 'action="' + post_url(suggestion, "answer") not in html  # no form for the public
    assert_accessible_basics(html)


@pytest.mark.parametrize("who", ["resident", "moderator", "other community's editor", "nobody"])
def test_only_the_community_office_replies(
    community_a, resident_a, moderator_a, editor_b, suggestion, who
):
    user = {"resident": resident_a, "moderator": moderator_a,
            "other community's editor": editor_b, "nobody": None}[who]  # fmt: skip
    client = client_for(user)
    before = database_rows()
    response = client.post(
        post_url(suggestion, "answer"), {"answer-text": "冒充官方"}, **host_of(community_a)
    )
    assert response.status_code == 403
    assert changed_tables(before, database_rows()) == {}
    with pytest.raises(NotAllowed):
        answer_post(user or resident_a, suggestion, "冒充官方")


def test_a_bad_reply_is_a_400_and_a_complaint_gets_no_reply(community_a, editor_a, suggestion):
    office = client_for(editor_a)
    before = database_rows()
    empty = office.post(
        post_url(suggestion, "answer"), {"answer-text": "  "}, **host_of(community_a)
    )
    assert empty.status_code == 400 and shown("Write the reply.") in empty.content.decode()
    assert_accessible_basics(empty.content.decode())
    assert changed_tables(before, database_rows()) == {}
    praise = PostFactory(community=community_a, kind=PostKind.PRAISE)
    with pytest.raises(ForumError):
        answer_post(editor_a, praise, "谢谢表扬")
    refused = office.post(
        post_url(praise, "answer"), {"answer-text": "谢谢"}, **host_of(community_a)
    )
    assert refused.status_code == 400
    assert office.get(post_url(suggestion, "answer"), **host_of(community_a)).status_code == 405


def test_a_question_turned_into_a_complaint_reports_an_event(
    community_a, editor_a, resident_a, question, category
):
    office = client_for(editor_a)
    page = office.get(post_url(question), **host_of(community_a)).content.decode()
    assert f'action="{post_url(question, "convert")}"' in page
    response = office.post(post_url(question, "convert"), {"convert-category": category.pk},
                           **host_of(community_a))  # fmt: skip
    assert response.status_code == 302 and response["Location"] == post_url(question)
    question.refresh_from_db()
    event = question.event
    assert question.kind == PostKind.COMPLAINT
    assert (event.source, event.reporter, event.category) == (
        EventSource.PORTAL,
        resident_a,
        category,
    )
    assert event.community == community_a and event.status == EventStatus.REPORTED
    assert (event.title, event.description, event.building) == (
        question.title,
        question.body,
        "3栋",
    )
    assert event.log.get().actor == editor_a  # the office acted, the resident reported
    note = Notification.objects.get(user=resident_a, kind="posts")
    assert event.reference in note.title and note.url == post_url(question)
    html = client_for(resident_a).get(post_url(question), **host_of(community_a)).content.decode()
    assert "event-timeline__step--report" in html and event.reference in html
    assert 'action="' + post_url(question, "convert") not in html
    # Once is enough: a second conversion is refused and changes nothing.
    before = database_rows()
    with pytest.raises(ForumError):
        convert_to_complaint(editor_a, question, category)
    again = office.post(post_url(question, "convert"), {"convert-category": category.pk},
                        **host_of(community_a))  # fmt: skip
    assert again.status_code == 400
    assert changed_tables(before, database_rows()) == {}
    assert Event.objects.count() == 1


def test_only_a_question_converts_and_only_by_the_office(
    community_a, editor_a, moderator_a, resident_a, suggestion, question, category
):
    office, others = client_for(editor_a), [client_for(u) for u in (moderator_a, resident_a)]
    before = database_rows()
    with pytest.raises(ForumError):
        convert_to_complaint(editor_a, suggestion, category)
    no_category = office.post(post_url(question, "convert"), {"convert-category": ""},
                              **host_of(community_a))  # fmt: skip
    assert no_category.status_code == 400
    assert shown("Choose the category of the matter.") in no_category.content.decode()
    for client in others:
        response = client.post(post_url(question, "convert"),
                                         {"convert-category": category.pk},
                                         **host_of(community_a))  # fmt: skip
        assert response.status_code == 403
    assert changed_tables(before, database_rows()) == {}
    assert Post.objects.get(pk=question.pk).event is None
