"""Opinion polls in the admin (民意调查管理): each community's editors write, publish and
download their own polls only; once answered, what people answered stays as it was."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from polls.factories import survey_with_questions
from polls.models import Question, Survey
from polls.services.surveys import submit_response
from tests.conftest import english_admin_client as client_for

from .conftest import good_answers, questions_of


def en(text: str, **params) -> str:
    with translation.override("en"):
        return escape(translation.gettext(text) % params if params else text)


def moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def form_data(survey=None, questions=None, **changes) -> dict:
    """What the admin's form posts: the poll's fields and its questions' formset."""
    now = timezone.now().replace(second=0, microsecond=0)
    data = {
        "title": "加装电梯意见征集",
        "intro": "",
        "opens_at": moment(now - timedelta(hours=1)),
        "closes_at": moment(now + timedelta(days=7)),
        "who_may_answer": "residents",
        "results_shown": "after_close",
        "is_published": "on",
    }
    if survey is not None:
        data.update(
            title=survey.title,
            intro=survey.intro,
            opens_at=moment(survey.opens_at),
            closes_at=moment(survey.closes_at),
            who_may_answer=survey.who_may_answer,
            results_shown=survey.results_shown,
        )
        if not survey.is_published:
            del data["is_published"]
        questions = questions or [
            {
                "id": q.pk,
                "text": q.text,
                "kind": q.kind,
                "choices": "\r\n".join(q.choices),
                "max_choices": q.max_choices or "",
                "required": q.required,
            }
            for q in questions_of(survey)
        ]
    questions = questions or [
        {"text": "您是否支持加装电梯？", "kind": "single", "choices": "支持\r\n反对"},
        {"text": "其他意见", "kind": "text", "choices": "", "required": False},
    ]
    initial = sum(1 for q in questions if q.get("id"))
    data.update(
        {
            "questions-TOTAL_FORMS": str(len(questions)),
            "questions-INITIAL_FORMS": str(initial),
            "questions-MIN_NUM_FORMS": "1",
            "questions-MAX_NUM_FORMS": "1000",
        }
    )
    for index, question in enumerate(questions):
        prefix = f"questions-{index}-"
        data[prefix + "id"] = question.get("id", "")
        data[prefix + "ORDER"] = str(index + 1)
        data[prefix + "text"] = question["text"]
        data[prefix + "kind"] = question["kind"]
        data[prefix + "choices"] = question.get("choices", "")
        data[prefix + "max_choices"] = question.get("max_choices", "")
        if question.get("required", True):
            data[prefix + "required"] = "on"
        if question.get("DELETE"):
            data[prefix + "DELETE"] = "1"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def survey_b(community_b):
    return survey_with_questions(community_b, title="湾厦专属调查")


def test_the_list_shows_only_the_editors_polls(editor_a, survey_a, survey_b):
    response = client_for(editor_a).get(reverse("polls_surveys:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert survey_a.title in html and survey_b.title not in html
    assert reverse("polls_surveys:export_responses", args=[survey_a.pk]) in html


def test_a_city_admin_sees_every_communitys_polls(superuser, survey_a, survey_b):
    html = client_for(superuser).get(reverse("polls_surveys:index")).content.decode()

    assert survey_a.title in html and survey_b.title in html


def test_an_editor_creates_a_poll_with_its_questions(editor_a, community_a):
    client = client_for(editor_a)
    assert client.get(reverse("polls_surveys:add")).status_code == 200

    response = client.post(reverse("polls_surveys:add"), form_data(community=community_a.pk))

    assert response.status_code == 302, response.content.decode()[-3000:]
    survey = Survey.objects.get(title="加装电梯意见征集")
    assert survey.community == community_a and survey.created_by == editor_a
    assert survey.is_published
    assert [(q.text, q.kind, q.choices) for q in questions_of(survey)] == [
        ("您是否支持加装电梯？", "single", ["支持", "反对"]),
        ("其他意见", "text", []),
    ]
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(survey.pk)).values_list("action", flat=True)
    )
    assert {"wagtail.create", "jiayuan.poll_survey_publish"} <= actions


def test_an_editor_cannot_create_a_poll_for_another_community(editor_a, community_b):
    response = client_for(editor_a).post(
        reverse("polls_surveys:add"), form_data(community=community_b.pk)
    )

    assert response.status_code in (200, 400)
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("closes_before_opens", "The poll must close after it opens."),
        ("one_choice", "Give at least two choices, one per line."),
        ("at_most_too_big", "“At most” must be between 1 and the number of choices (3)."),
        ("same_choice_twice", "Each choice must be different."),
    ],
)
def test_a_poll_that_makes_no_sense_is_refused(editor_a, community_a, change, message):
    now = timezone.now()
    data = form_data(community=community_a.pk)
    if change == "closes_before_opens":
        data["closes_at"] = moment(now - timedelta(days=1))
    elif change == "one_choice":
        data["questions-0-choices"] = "只有一个"
    elif change == "at_most_too_big":
        data |= {"questions-0-kind": "multiple", "questions-0-choices": "甲\n乙\n丙"}
        data["questions-0-max_choices"] = "4"
    else:
        data["questions-0-choices"] = "同意\n同意"

    response = client_for(editor_a).post(reverse("polls_surveys:add"), data)

    assert response.status_code in (200, 400)
    assert en(message) in response.content.decode()
    assert not Survey.objects.exists()


def test_an_editor_edits_their_poll_and_logs_unpublishing(editor_a, survey_a):
    client = client_for(editor_a)
    page = client.get(reverse("polls_surveys:edit", args=[survey_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("polls_surveys:export_results", args=[survey_a.pk]) in html
    assert "支持\n反对\n无所谓</textarea>" in html  # the choices, one per line

    response = client.post(
        reverse("polls_surveys:edit", args=[survey_a.pk]),
        form_data(survey_a, title="新标题", is_published=None),
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    survey_a.refresh_from_db()
    assert survey_a.title == "新标题" and not survey_a.is_published
    assert ModelLogEntry.objects.filter(action="jiayuan.poll_survey_unpublish").exists()


def test_another_communitys_poll_is_not_found(editor_b, survey_a):
    client = client_for(editor_b)

    for name in ("edit", "history", "export_responses", "export_results"):
        response = client.get(reverse(f"polls_surveys:{name}", args=[survey_a.pk]))
        assert response.status_code in (403, 404), name
    response = client.post(
        reverse("polls_surveys:edit", args=[survey_a.pk]), form_data(survey_a, title="越权")
    )
    assert response.status_code in (403, 404)
    survey_a.refresh_from_db()
    assert survey_a.title == "东门充电桩调查"
    assert not ModelLogEntry.objects.filter(action="jiayuan.poll_survey_export").exists()


def test_a_resident_cannot_reach_the_admin(resident_a, survey_a):
    response = client_for(resident_a).get(
        reverse("polls_surveys:export_responses", args=[survey_a.pk])
    )

    assert response.status_code in (302, 403)


def test_questions_are_locked_once_answered(editor_a, survey_a, resident_a):
    submit_response(resident_a, survey_a, good_answers(survey_a))
    client = client_for(editor_a)
    url = reverse("polls_surveys:edit", args=[survey_a.pk])
    data = form_data(survey_a)
    data["questions-0-choices"] = "支持\r\n反对\r\n弃权"

    response = client.post(url, data)

    assert response.status_code in (200, 400)
    assert (
        en(
            "People have already answered this poll, so its questions can no longer change. "
            "You may still change the title, the introduction and the closing time."
        )
        in response.content.decode()
    )
    assert questions_of(survey_a)[0].choices == ["支持", "反对", "无所谓"]

    removed = form_data(survey_a)
    removed["questions-2-DELETE"] = "1"
    assert client.post(url, removed).status_code in (200, 400)
    assert Question.objects.filter(survey=survey_a).count() == 3

    later = moment(survey_a.closes_at + timedelta(days=1))
    response = client.post(url, form_data(survey_a, title="改个标题", closes_at=later))
    assert response.status_code == 302, response.content.decode()[-3000:]
    survey_a.refresh_from_db()
    assert survey_a.title == "改个标题"


def test_an_answered_poll_cannot_close_before_its_last_answer(editor_a, survey_a, resident_a):
    submit_response(resident_a, survey_a, good_answers(survey_a))

    response = client_for(editor_a).post(
        reverse("polls_surveys:edit", args=[survey_a.pk]),
        form_data(survey_a, closes_at=moment(survey_a.opens_at + timedelta(minutes=1))),
    )

    assert response.status_code in (200, 400)
    survey_a.refresh_from_db()
    assert survey_a.closes_at > timezone.now()


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_answers_download_has_answers_and_no_identity(editor_a, survey_a, resident_a):
    submit_response(resident_a, survey_a, good_answers(survey_a, multiple=(0, 3)))

    response = client_for(editor_a).get(
        reverse("polls_surveys:export_responses", args=[survey_a.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert len(rows) == 2 and rows[1][0] == "1"
    assert rows[1][2:] == ["支持", "路灯; 健身器材", "东门晚上太黑，请多装路灯。"]
    content = "\n".join(",".join(row) for row in rows)
    for identity in (resident_a.username, resident_a.display_name, resident_a.email):
        assert identity not in content
    entry = ModelLogEntry.objects.get(action="jiayuan.poll_survey_export")
    assert entry.user_id == editor_a.pk and entry.data["kind"] == "responses"


def test_the_results_download(editor_a, survey_a, resident_a):
    submit_response(resident_a, survey_a, good_answers(survey_a))

    response = client_for(editor_a).get(reverse("polls_surveys:export_results", args=[survey_a.pk]))

    assert response.status_code == 200
    rows = read_csv(response)
    assert ["您是否支持在东门增设充电桩？", "支持", "1", "100.0"] in rows


def test_the_audit_log_names_the_poll_actions():
    from wagtail.log_actions import registry

    with translation.override("en"):
        assert registry.get_action_label("jiayuan.poll_survey_export") == (
            "Download opinion poll answers"
        )
        assert registry.get_action_label("jiayuan.poll_survey_publish") == "Publish opinion poll"
