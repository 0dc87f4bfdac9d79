"""Opinion polls (民意调查) for tests, the demo and benchmarks. Answers are given through
``polls.services.surveys.submit_response``, as a resident would; these only make the polls."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from communities.models import Community, Participation
from polls.models import Question, QuestionKind, ResultsShown, Survey

__all__ = ["QuestionFactory", "SurveyFactory", "survey_with_questions"]


class SurveyFactory(factory.django.DjangoModelFactory):
    """A published poll, open from an hour ago for a week. Pass ``community=``."""

    class Meta:
        model = Survey

    community = None  # required
    title = factory.Sequence(lambda n: f"民意调查{n}：小区停车管理")
    intro = "请大家说说对小区停车管理的看法。"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=7))
    is_published = True
    who_may_answer = Participation.RESIDENTS
    results_shown = ResultsShown.LIVE


class QuestionFactory(factory.django.DjangoModelFactory):
    """A one-choice question; pass ``survey=``."""

    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    text = factory.Sequence(lambda n: f"问题{n}")
    kind = QuestionKind.SINGLE
    choices = factory.LazyFunction(lambda: ["同意", "不同意", "无所谓"])
    required = True
    sort_order = factory.Sequence(lambda n: n)


def survey_with_questions(community: Community, **kwargs: Any) -> Survey:
    """A poll of ``community`` with three questions, in order: one choice (required), several
    choices with at most two (required), free text (optional). ``kwargs`` go to the poll."""
    survey = SurveyFactory(community=community, **kwargs)
    QuestionFactory(
        survey=survey,
        text="您是否支持在东门增设充电桩？",
        kind=QuestionKind.SINGLE,
        choices=["支持", "反对", "无所谓"],
        sort_order=0,
    )
    QuestionFactory(
        survey=survey,
        text="您希望优先改善哪些设施？",
        kind=QuestionKind.MULTIPLE,
        choices=["路灯", "监控", "绿化", "健身器材"],
        max_choices=2,
        sort_order=1,
    )
    QuestionFactory(
        survey=survey,
        text="其他建议",
        kind=QuestionKind.TEXT,
        choices=[],
        required=False,
        sort_order=2,
    )
    return survey
