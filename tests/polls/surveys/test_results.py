"""What a poll says and who sees it: counts and shares, live or after closing, the list of a
community's polls, and the editors' CSV files (which never name anyone)."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from polls.factories import SurveyFactory
from polls.models import ResultsShown, Survey
from polls.services.surveys import (
    export_responses_csv,
    export_results_csv,
    listed_surveys,
    results_visible,
    submit_response,
    survey_results,
)

from ..conftest import make_resident
from .conftest import good_answers, questions_of


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def three_answers(survey_a, community_a, editor_a, resident_a, resident_a2):
    third = make_resident(community_a, editor_a, username="resident-a3", display_name="第三位居民")
    submit_response(resident_a, survey_a, good_answers(survey_a, single=0, multiple=(0, 1)))
    submit_response(resident_a2, survey_a, good_answers(survey_a, single=0, multiple=(1,), text=""))
    submit_response(third, survey_a, good_answers(survey_a, single=1, multiple=(1,), text="=1+1"))
    return survey_a


def test_counts_and_shares(three_answers):
    results = survey_results(three_answers)

    assert results.total == 3
    single, multiple, text = results.questions
    assert [(c.label, c.count, c.percent) for c in single.choices] == [
        ("支持", 2, 66.7),
        ("反对", 1, 33.3),
        ("无所谓", 0, 0.0),
    ]
    # Several choices: shares of those who answered, adding up past 100.
    assert multiple.answered == 3
    assert [(c.count, c.percent) for c in multiple.choices] == [
        (1, 33.3),
        (3, 100.0),
        (0, 0.0),
        (0, 0.0),
    ]
    assert text.is_text and text.text_answers == 2 and text.choices == []


def test_results_take_the_same_queries_for_any_number_of_answers(
    three_answers, django_assert_num_queries
):
    with django_assert_num_queries(4):
        survey_results(three_answers)


def test_no_answers_yet(survey_a):
    results = survey_results(survey_a)

    assert results.total == 0
    assert all(c.count == 0 and c.percent == 0 for c in results.questions[0].choices)


@pytest.mark.parametrize(
    ("shown", "moment", "public"),
    [
        (ResultsShown.LIVE, "before", False),
        (ResultsShown.LIVE, "open", True),
        (ResultsShown.LIVE, "closed", True),
        (ResultsShown.AFTER_CLOSE, "before", False),
        (ResultsShown.AFTER_CLOSE, "open", False),
        (ResultsShown.AFTER_CLOSE, "closed", True),
    ],
)
def test_who_sees_the_results_when(survey_a, resident_a, editor_a, editor_b, shown, moment, public):
    Survey.objects.filter(pk=survey_a.pk).update(results_shown=shown)
    survey_a.refresh_from_db()
    now = {
        "before": survey_a.opens_at - timedelta(minutes=1),
        "open": survey_a.opens_at + timedelta(minutes=1),
        "closed": survey_a.closes_at,
    }[moment]

    assert results_visible(survey_a, resident_a, now) is public
    assert results_visible(survey_a, AnonymousUser(), now) is public
    assert results_visible(survey_a, editor_b, now) is public  # another community's editor
    assert results_visible(survey_a, editor_a, now) is True


def test_nobody_but_the_editors_sees_a_drafts_results(survey_a, resident_a, editor_a):
    Survey.objects.filter(pk=survey_a.pk).update(is_published=False)
    survey_a.refresh_from_db()

    assert not results_visible(survey_a, resident_a, survey_a.closes_at)
    assert results_visible(survey_a, editor_a, survey_a.closes_at)


def test_the_list_has_the_communitys_published_polls_newest_first(
    community_a, community_b, survey_a, closed_survey_a, resident_a
):
    SurveyFactory(community=community_a, is_published=False, title="草稿")
    SurveyFactory(community=community_b, title="别的社区")
    submit_response(resident_a, survey_a, good_answers(survey_a))

    listed = list(listed_surveys(community_a, resident_a))

    assert [s.title for s in listed] == ["东门充电桩调查", "已结束的调查"]
    assert listed[0].answered_at is not None and listed[1].answered_at is None
    assert [s.answered_at for s in listed_surveys(community_a, AnonymousUser())] == [None, None]


def as_text(rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_the_answers_file_has_every_answer_and_nobody_in_it(three_answers, resident_a):
    rows = list(export_responses_csv(three_answers))

    single, multiple, text = questions_of(three_answers)
    assert rows[0] == ["Response no.", "Submitted at", single.text, multiple.text, text.text]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    assert rows[1][2:] == ["支持", "路灯; 监控", "东门晚上太黑，请多装路灯。"]
    assert rows[2][2:] == ["支持", "监控", ""]
    assert rows[3][2:] == ["反对", "监控", "'=1+1"]  # a formula, defused
    content = as_text(rows)
    names = ("resident-a", "花果山老张", "水帘洞小李", "第三位居民", resident_a.email)
    assert not [name for name in names if name in content]


def test_the_results_file(three_answers):
    rows = list(export_results_csv(three_answers))

    assert rows[0] == ["Question", "Choice", "Count", "Percent"]
    single, _multiple, text = questions_of(three_answers)
    assert [single.text, "支持", "2", "66.7"] in rows
    assert [text.text, "(written answers)", "2", "66.7"] in rows
    assert rows[-1] == ["All responses", "", "3", "100.0"]
