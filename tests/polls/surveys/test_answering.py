"""Answering a poll through the service: one eligible person, one response, counted once;
every refusal says why, and leaves nothing behind."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from communities.models import Participation
from polls.models import Answer, Survey, SurveyResponse
from polls.services.common import AlreadyVoted, NotEligible, NotOpen, PollError
from polls.services.surveys import has_answered, submit_response, survey_results
from tests.conftest import changed_tables, database_rows

from .conftest import good_answers, questions_of


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def test_a_resident_answers_every_kind_of_question(survey_a, resident_a):
    single, multiple, text = questions_of(survey_a)

    response = submit_response(
        resident_a, survey_a, {single.pk: [2], multiple.pk: [3, 0], text.pk: "  多装路灯  "}
    )

    assert response.respondent == resident_a and response.survey == survey_a
    given = set(response.answers.values_list("question_id", "choice", "text"))
    assert given == {
        (single.pk, 2, ""),
        (multiple.pk, 0, ""),
        (multiple.pk, 3, ""),
        (text.pk, None, "多装路灯"),
    }
    assert has_answered(resident_a, survey_a) == response.submitted_at


def test_an_optional_question_may_be_left_empty(survey_a, resident_a):
    single, multiple, text = questions_of(survey_a)

    response = submit_response(resident_a, survey_a, {single.pk: [0], multiple.pk: [1]})

    assert not response.answers.filter(question=text).exists()
    assert response.answers.count() == 2


def test_a_second_answer_by_the_same_person_is_refused(survey_a, resident_a):
    first = submit_response(resident_a, survey_a, good_answers(survey_a))
    before = database_rows()

    with pytest.raises(AlreadyVoted) as refused:
        submit_response(resident_a, survey_a, good_answers(survey_a, single=1))

    assert refused.value.status == 409
    assert refused.value.message == (
        f"You answered this poll on {when(first.submitted_at)}. Each person answers once."
    )
    assert changed_tables(before, database_rows()) == {}
    assert survey_results(survey_a).total == 1


def test_the_unique_constraint_refuses_a_duplicate_the_early_check_missed(
    survey_a, resident_a, monkeypatch
):
    """Two submissions at the same moment both pass the early check; the database keeps one."""
    submit_response(resident_a, survey_a, good_answers(survey_a))
    monkeypatch.setattr("polls.services.surveys.answering.has_answered", lambda *args: None)
    before = database_rows()

    with pytest.raises(AlreadyVoted) as refused:
        submit_response(resident_a, survey_a, good_answers(survey_a, single=2))

    assert refused.value.message == "You have already answered this poll. Each person answers once."
    assert changed_tables(before, database_rows()) == {}
    assert SurveyResponse.objects.filter(survey=survey_a).count() == 1  # still usable


def test_a_signed_in_non_resident_is_refused_when_residents_only(survey_a, signed_in_user):
    with pytest.raises(NotEligible) as refused:
        submit_response(signed_in_user, survey_a, good_answers(survey_a))

    assert refused.value.status == 403
    assert refused.value.code == "resident_only"
    assert "Only verified residents of 花果山社区 may vote here" in refused.value.message
    assert not SurveyResponse.objects.exists()


def test_a_resident_of_another_community_is_refused(survey_a, resident_b):
    with pytest.raises(NotEligible) as refused:
        submit_response(resident_b, survey_a, good_answers(survey_a))

    assert refused.value.code == "resident_only"
    assert not SurveyResponse.objects.exists()


def test_an_anonymous_visitor_is_refused(survey_a):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotEligible) as refused:
        submit_response(AnonymousUser(), survey_a, good_answers(survey_a))

    assert refused.value.code == "anonymous"
    assert refused.value.message == "Sign in to vote."


def test_anyone_signed_in_may_answer_a_poll_open_to_all(survey_a, signed_in_user, resident_b):
    Survey.objects.filter(pk=survey_a.pk).update(who_may_answer=Participation.SIGNED_IN)
    survey_a.refresh_from_db()

    submit_response(signed_in_user, survey_a, good_answers(survey_a))
    submit_response(resident_b, survey_a, good_answers(survey_a))

    assert survey_results(survey_a).total == 2


def test_answering_before_the_opening_is_refused_with_the_time(survey_a, resident_a):
    with pytest.raises(NotOpen) as refused:
        submit_response(
            resident_a,
            survey_a,
            good_answers(survey_a),
            now=survey_a.opens_at - timedelta(minutes=1),
        )

    assert refused.value.status == 409 and refused.value.code == "not_open"
    assert refused.value.message == (
        f"Voting has not opened yet. It opens on {when(survey_a.opens_at)}."
    )
    assert not SurveyResponse.objects.exists()


def test_answering_after_the_closing_is_refused_with_the_time(survey_a, resident_a):
    with pytest.raises(NotOpen) as refused:
        submit_response(resident_a, survey_a, good_answers(survey_a), now=survey_a.closes_at)

    assert refused.value.code == "closed"
    assert when(survey_a.closes_at) in refused.value.message
    assert not SurveyResponse.objects.exists()


def test_a_draft_is_refused(survey_a, resident_a):
    Survey.objects.filter(pk=survey_a.pk).update(is_published=False)
    survey_a.refresh_from_db()

    with pytest.raises(PollError) as refused:
        submit_response(resident_a, survey_a, good_answers(survey_a))

    assert refused.value.message == "This poll is not published."
    assert not SurveyResponse.objects.exists()


def test_a_poll_of_another_community_is_refused(survey_a, resident_a, community_b):
    with pytest.raises(PollError):
        submit_response(resident_a, survey_a, good_answers(survey_a), community=community_b)

    assert not SurveyResponse.objects.exists()


BAD_ANSWERS = {
    "missing required": (lambda s, m, t: {m.pk: [0]}, "single", "Please answer this question."),
    "unknown choice": (
        lambda s, m, t: {s.pk: [7], m.pk: [0]},
        "single",
        "That answer is not one of this question's choices.",
    ),
    "negative choice": (
        lambda s, m, t: {s.pk: [-1], m.pk: [0]},
        "single",
        "That answer is not one of this question's choices.",
    ),
    "two for one": (lambda s, m, t: {s.pk: [0, 1], m.pk: [0]}, "single", "Choose only one answer."),
    "too many": (
        lambda s, m, t: {s.pk: [0], m.pk: [0, 1, 2]},
        "multiple",
        "Choose at most 2 answers.",
    ),
    "text for a choice": (
        lambda s, m, t: {s.pk: "支持", m.pk: [0]},
        "single",
        "Choose from the listed answers.",
    ),
    "text too long": (
        lambda s, m, t: {s.pk: [0], m.pk: [0], t.pk: "长" * 2001},
        "text",
        "Keep your answer to 2000 characters; it has 2001.",
    ),
    "choices for a text": (
        lambda s, m, t: {s.pk: [0], m.pk: [0], t.pk: [1]},
        "text",
        "Write your answer as text.",
    ),
}


@pytest.mark.parametrize("case", BAD_ANSWERS, ids=list(BAD_ANSWERS))
def test_bad_answers_get_a_clear_message_and_save_nothing(survey_a, resident_a, case):
    build, which, message = BAD_ANSWERS[case]
    single, multiple, text = questions_of(survey_a)
    question = {"single": single, "multiple": multiple, "text": text}[which]
    before = database_rows()

    with pytest.raises(ValidationError) as refused:
        submit_response(resident_a, survey_a, build(single, multiple, text))

    assert refused.value.message_dict == {f"q{question.pk}": [message]}
    assert changed_tables(before, database_rows()) == {}


def test_an_answer_to_a_question_of_another_poll_is_refused(survey_a, closed_survey_a, resident_a):
    other = questions_of(closed_survey_a)[0]
    answers = good_answers(survey_a) | {other.pk: [0]}

    with pytest.raises(ValidationError) as refused:
        submit_response(resident_a, survey_a, answers)

    assert refused.value.message_dict == {
        "__all__": ["The answers name a question this poll does not have."]
    }
    assert not Answer.objects.exists()


def test_every_problem_is_reported_at_once(survey_a, resident_a):
    single, multiple, _text = questions_of(survey_a)

    with pytest.raises(ValidationError) as refused:
        submit_response(resident_a, survey_a, {multiple.pk: [0, 1, 2]})

    assert set(refused.value.message_dict) == {f"q{single.pk}", f"q{multiple.pk}"}
