"""Fixtures of the opinion-poll tests: a poll of community_a with its three questions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Participation
from polls.factories import survey_with_questions
from polls.models import ResultsShown


def questions_of(survey):
    """(one-choice, several-choice at most 2, optional free text) of ``survey_with_questions``."""
    return tuple(survey.questions.order_by("sort_order"))


def good_answers(survey, *, single=0, multiple=(1,), text="东门晚上太黑，请多装路灯。") -> dict:
    single_q, multiple_q, text_q = questions_of(survey)
    return {single_q.pk: [single], multiple_q.pk: list(multiple), text_q.pk: text}


def post_data(survey, *, single=0, multiple=(1,), text="东门晚上太黑，请多装路灯。") -> dict:
    """The same answers as the page's form posts them."""
    single_q, multiple_q, text_q = questions_of(survey)
    data = {f"q{multiple_q.pk}": [str(i) for i in multiple], f"q{text_q.pk}": text}
    if single is not None:
        data[f"q{single_q.pk}"] = str(single)
    return data


@pytest.fixture
def survey_a(community_a):
    """Open since an hour ago for a week, residents only, results shown live."""
    return survey_with_questions(
        community_a,
        title="东门充电桩调查",
        who_may_answer=Participation.RESIDENTS,
        results_shown=ResultsShown.LIVE,
    )


@pytest.fixture
def closed_survey_a(community_a):
    now = timezone.now()
    return survey_with_questions(
        community_a,
        title="已结束的调查",
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=3),
        results_shown=ResultsShown.AFTER_CLOSE,
    )
