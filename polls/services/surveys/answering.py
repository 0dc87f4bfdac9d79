"""Answering an opinion poll (民意调查): one eligible person, one response, counted once.

The order of the checks is the order of the reasons a person is told: the poll is not
there, not open, not for them, already answered; only then are the answers themselves
checked. The unique constraint on (survey, respondent) is what guarantees one response per
person, even when the same person submits twice at the same moment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from communities.admin_scope import edits_community
from communities.models import Community
from polls.models import Answer, Question, QuestionKind, Survey, SurveyResponse
from polls.services.common import AlreadyVoted, PollError, check_eligible, check_open

__all__ = [
    "TEXT_LIMIT",
    "answering_refusal",
    "clean_answers",
    "has_answered",
    "shown_survey",
    "submit_response",
]

Someone = User | AnonymousUser | None
TEXT_LIMIT = 2000
AnswerValue = Sequence[int] | str | None
_LOOK_IT_UP = object()  # answering_refusal(): "find out whether they answered"


def shown_survey(community: Community, user: Someone, survey_id: int) -> Survey | None:
    """The poll ``survey_id`` of ``community`` as ``user`` may see it: published, or a draft
    to the community's editors; None otherwise (another community's, or no such poll)."""
    survey = Survey.objects.filter(pk=survey_id, community_id=community.pk).first()
    if survey is None:
        return None
    if not survey.is_published and not edits_community(user, community.pk):
        return None
    survey.community = community
    return survey


def has_answered(user: Someone, survey: Survey) -> datetime | None:
    """When ``user`` answered ``survey``, or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        SurveyResponse.objects.filter(survey_id=survey.pk, respondent_id=user.pk)
        .values_list("submitted_at", flat=True)
        .first()
    )


def _already_answered(when: datetime | None = None) -> AlreadyVoted:
    if when is None:
        return AlreadyVoted(_("You have already answered this poll. Each person answers once."))
    return AlreadyVoted(
        _("You answered this poll on %(when)s. Each person answers once.")
        % {"when": date_format(timezone.localtime(when), "DATETIME_FORMAT")}
    )


def answering_refusal(
    user: Someone,
    survey: Survey,
    *,
    now: datetime | None = None,
    community: Community | None = None,
    answered_at: datetime | object | None = _LOOK_IT_UP,
) -> PollError | None:
    """Why ``user`` cannot answer ``survey`` now (the error ``submit_response`` would raise
    before looking at the answers), or None when they may. ``answered_at``: what
    ``has_answered`` said, when the caller has asked already."""
    if not survey.is_published or (community is not None and survey.community_id != community.pk):
        return PollError(_("This poll is not published."), code="not_published")
    try:
        check_open(survey.opens_at, survey.closes_at, now)
        check_eligible(user, survey.community, survey.who_may_answer)
    except PollError as error:
        return error
    if answered_at is _LOOK_IT_UP:
        answered_at = has_answered(user, survey)
    return _already_answered(answered_at) if answered_at is not None else None


def _clean_choices(question: Question, value: AnswerValue) -> list[int]:
    if value is None or value == "":
        picked: list[int] = []
    elif isinstance(value, str) or not all(
        isinstance(index, int) and not isinstance(index, bool) for index in value
    ):
        raise ValidationError(_("Choose from the listed answers."), code="invalid")
    else:
        picked = sorted(set(value))
    if any(not 0 <= index < len(question.choices) for index in picked):
        raise ValidationError(
            _("That answer is not one of this question's choices."), code="unknown"
        )
    if not picked and question.required:
        raise ValidationError(_("Please answer this question."), code="required")
    if question.kind == QuestionKind.SINGLE and len(picked) > 1:
        raise ValidationError(_("Choose only one answer."), code="too_many")
    limit = question.max_choices
    if question.kind == QuestionKind.MULTIPLE and limit and len(picked) > limit:
        raise ValidationError(
            ngettext("Choose at most %(count)d answer.", "Choose at most %(count)d answers.", limit)
            % {"count": limit},
            code="too_many",
        )
    return picked


def _clean_text(question: Question, value: AnswerValue) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationError(_("Write your answer as text."), code="invalid")
    text = (value or "").strip()
    if not text and question.required:
        raise ValidationError(_("Please answer this question."), code="required")
    if len(text) > TEXT_LIMIT:
        raise ValidationError(
            _("Keep your answer to %(limit)d characters; it has %(length)d.")
            % {"limit": TEXT_LIMIT, "length": len(text)},
            code="too_long",
        )
    return text


def clean_answers(
    questions: Sequence[Question], answers: Mapping[int, AnswerValue]
) -> dict[int, list[int] | str]:
    """``answers`` (question id → choice indexes or text) checked against ``questions``;
    raises one ``ValidationError`` keyed ``q<question id>`` with every problem found."""
    errors: dict[str, list[ValidationError]] = {}
    known = {question.pk for question in questions}
    if any(question_id not in known for question_id in answers):
        errors[NON_FIELD_ERRORS] = [
            ValidationError(_("The answers name a question this poll does not have."))
        ]
    cleaned: dict[int, list[int] | str] = {}
    for question in questions:
        value = answers.get(question.pk)
        try:
            if question.kind == QuestionKind.TEXT:
                cleaned[question.pk] = _clean_text(question, value)
            else:
                cleaned[question.pk] = _clean_choices(question, value)
        except ValidationError as error:
            errors[f"q{question.pk}"] = [error]
    if errors:
        raise ValidationError(errors)
    return cleaned


def submit_response(
    user: Someone,
    survey: Survey,
    answers: Mapping[int, AnswerValue],
    *,
    now: datetime | None = None,
    community: Community | None = None,
    questions: Sequence[Question] | None = None,
) -> SurveyResponse:
    """Record ``user``'s answers to ``survey`` (question id → choice indexes or text);
    ``questions`` are the survey's questions when the caller has loaded them already.

    Raises ``PollError`` (not published / another community's), ``NotOpen``, ``NotEligible``,
    ``AlreadyVoted`` or ``ValidationError``; on any of them nothing is saved.
    """
    now = now or timezone.now()
    refusal = answering_refusal(user, survey, now=now, community=community)
    if refusal is not None:
        raise refusal
    # ``questions``: the survey's, already loaded by the caller (they are not re-checked).
    cleaned = clean_answers(
        list(survey.questions.all()) if questions is None else questions, answers
    )
    rows = []
    for question_id, value in cleaned.items():
        if isinstance(value, str):
            if value:
                rows.append(Answer(question_id=question_id, text=value))
        else:
            rows.extend(Answer(question_id=question_id, choice=index) for index in value)
    try:
        # A savepoint of its own: a duplicate rolls back only this, and the caller's
        # transaction (a request, a test) stays usable.
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, respondent=user, submitted_at=now
            )
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        # Someone (this same person, in another request) got there first.
        raise _already_answered() from None
    return response
