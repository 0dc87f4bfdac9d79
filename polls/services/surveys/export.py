"""CSV downloads of an opinion poll (民意调查) for its editors: every response, and the counts.

A response is numbered in the order it came in (1, 2, 3…), never by database id, and carries
no trace of who gave it: no name, phone or account. Cells that a spreadsheet would run as a
formula are defused, since the free-text answers come from the public.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from polls.models import Answer, QuestionKind, Survey, SurveyResponse

from .results import survey_results

__all__ = ["export_responses_csv", "export_results_csv"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def export_responses_csv(survey: Survey) -> Iterator[list[str]]:
    """A header row, then one row per response: its number, when it came (to the minute) and
    each question's answer (several choices joined with "; ")."""
    questions = list(survey.questions.all())
    yield [_("Response no."), _("Submitted at")] + [_cell(q.text) for q in questions]
    responses = list(
        SurveyResponse.objects.filter(survey_id=survey.pk)
        .order_by("submitted_at", "pk")
        .values_list("pk", "submitted_at")
    )
    given: dict[tuple[int, int], list[str]] = defaultdict(list)
    labels = {q.pk: q.choices for q in questions}
    rows = (
        Answer.objects.filter(response__survey_id=survey.pk)
        .order_by("response_id", "question_id", "choice", "pk")
        .values_list("response_id", "question_id", "choice", "text")
    )
    for response_id, question_id, choice, text in rows:
        if choice is None:
            given[response_id, question_id].append(text)
        else:
            choices = labels.get(question_id, [])
            given[response_id, question_id].append(
                choices[choice] if choice < len(choices) else str(choice)
            )
    for number, (response_id, submitted_at) in enumerate(responses, start=1):
        when = timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M")
        yield [str(number), when] + [
            _cell("; ".join(given.get((response_id, q.pk), []))) for q in questions
        ]


def export_results_csv(survey: Survey) -> Iterator[list[str]]:
    """A header row, then per question one row per choice with its count and its percentage
    of those who answered the question (free-text questions: one row with the number of
    written answers and their share of all responses); last, the number of responses."""
    results = survey_results(survey)
    yield [_("Question"), _("Choice"), _("Count"), _("Percent")]
    for result in results.questions:
        question = _cell(result.question.text)
        if result.question.kind == QuestionKind.TEXT:
            percent = round(100 * result.text_answers / results.total, 1) if results.total else 0
            yield [question, _("(written answers)"), str(result.text_answers), f"{percent}"]
            continue
        for choice in result.choices:
            yield [question, _cell(choice.label), str(choice.count), f"{choice.percent}"]
    yield [_("All responses"), "", str(results.total), "100.0" if results.total else "0"]
