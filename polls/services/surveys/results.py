"""What an opinion poll (民意调查) says: counts per choice, who may see them and when, and the
community's list of polls. The counts take the same few queries for 3 answers or 30,000."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.fields import DateTimeField

from accounts.models import User
from communities.admin_scope import edits_community
from communities.models import Community
from polls.models import Answer, Question, QuestionKind, ResultsShown, Survey, SurveyResponse
from polls.services.common import Phase, phase_of

__all__ = [
    "ChoiceResult",
    "QuestionResult",
    "SurveyResults",
    "listed_surveys",
    "results_visible",
    "survey_results",
]

Someone = User | AnonymousUser | None


@dataclass(frozen=True)
class ChoiceResult:
    label: str
    count: int
    percent: float  # of those who answered the question; several choices may add up past 100


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    choices: list[ChoiceResult] = field(default_factory=list)
    text_answers: int = 0  # free-text questions: how many wrote something
    answered: int = 0  # how many responses answered this question at all

    @property
    def is_text(self) -> bool:
        return self.question.kind == QuestionKind.TEXT


@dataclass(frozen=True)
class SurveyResults:
    total: int
    questions: list[QuestionResult]


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def survey_results(survey: Survey, questions: Sequence[Question] | None = None) -> SurveyResults:
    """The counts of ``survey``: four queries whatever the number of responses (three when
    its ``questions`` are given, already loaded)."""
    questions = list(survey.questions.all()) if questions is None else list(questions)
    total = SurveyResponse.objects.filter(survey_id=survey.pk).count()
    answers = Answer.objects.filter(question__survey_id=survey.pk)
    counts: dict[tuple[int, int | None], int] = {
        (row["question_id"], row["choice"]): row["n"]
        for row in answers.values("question_id", "choice").annotate(n=Count("pk")).order_by()
    }
    answered: dict[int, int] = dict(
        answers.values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
        .values_list("question_id", "n")
    )
    results = []
    for question in questions:
        if question.kind == QuestionKind.TEXT:
            results.append(
                QuestionResult(
                    question=question,
                    text_answers=counts.get((question.pk, None), 0),
                    answered=answered.get(question.pk, 0),
                )
            )
            continue
        base = answered.get(question.pk, 0)
        choices = [
            ChoiceResult(label, n, _percent(n, base))
            for index, label in enumerate(question.choices)
            for n in [counts.get((question.pk, index), 0)]
        ]
        results.append(QuestionResult(question=question, choices=choices, answered=base))
    return SurveyResults(total=total, questions=results)


def results_visible(survey: Survey, user: Someone, now: datetime | None = None) -> bool:
    """Whether ``user`` may see ``survey``'s results: its community's editors always; anyone
    else once it is published and either closed, or open with live results."""
    if edits_community(user, survey.community_id):
        return True
    if not survey.is_published:
        return False
    phase = phase_of(survey.opens_at, survey.closes_at, now)
    if phase is Phase.CLOSED:
        return True
    return phase is Phase.OPEN and survey.results_shown == ResultsShown.LIVE


def listed_surveys(
    community: Community, user: Someone, now: datetime | None = None
) -> QuerySet[Survey]:
    """The published polls of ``community``, newest first; each with ``answered_at`` (when
    ``user`` answered it, or None). ``now`` is accepted for symmetry with the other lists:
    upcoming and closed polls are listed too, each page says which it is."""
    surveys = Survey.objects.filter(community_id=community.pk, is_published=True).order_by(
        "-opens_at", "-pk"
    )
    if user is not None and user.is_authenticated:
        mine = SurveyResponse.objects.filter(survey_id=OuterRef("pk"), respondent_id=user.pk)
        return surveys.annotate(answered_at=Subquery(mine.values("submitted_at")[:1]))
    return surveys.annotate(answered_at=Value(None, output_field=DateTimeField()))
