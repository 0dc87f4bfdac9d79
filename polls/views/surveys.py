"""A poll's page (民意调查) on a community's site: what it asks, the form while it is open to
the visitor (or why not), and the results once they may be seen. POST answers it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities.admin_scope import edits_community
from communities.scope import community_for_request
from polls.forms_surveys import SurveyForm
from polls.models import PollIndexPage, QuestionKind, Survey
from polls.services.common import PollError, phase_of
from polls.services.surveys import (
    answering_refusal,
    has_answered,
    results_visible,
    shown_survey,
    submit_response,
    survey_results,
)
from portal.charts import BarChart
from portal.forms import add_service_errors
from themes.shortcuts import render_themed

__all__ = ["survey_detail"]

TEMPLATE = "polls/surveys/detail.html"


def _charts(survey: Survey, questions: list) -> tuple[Any, list[dict[str, Any]]]:
    """The results, and per question what the template shows: a chart of the choices, or the
    number of written answers."""
    results = survey_results(survey, questions)
    shown = []
    for result in results.questions:
        chart = None
        if result.question.kind != QuestionKind.TEXT:
            chart = BarChart(
                title=result.question.text,
                rows=[(choice.label, choice.count) for choice in result.choices],
                # Several choices: shares of the people who answered, which may add past 100.
                base=result.answered if result.question.kind == QuestionKind.MULTIPLE else None,
            )
        shown.append({"result": result, "chart": chart})
    return results, shown


def _page(
    request: HttpRequest,
    page: PollIndexPage,
    survey: Survey,
    *,
    now: datetime,
    form: SurveyForm | None = None,
    questions: list | None = None,
    error: PollError | None = None,
    status: int | None = None,
) -> HttpResponse:
    user = request.user
    questions = questions if questions is not None else list(survey.questions.all())
    answered_at = has_answered(user, survey)
    refusal = error or answering_refusal(user, survey, now=now, answered_at=answered_at)
    if refusal is None and form is None:
        form = SurveyForm(questions)
    results, charts = (None, [])
    if results_visible(survey, user, now):
        results, charts = _charts(survey, questions)
    context = {
        "page": page,
        "self": page,
        "survey": survey,
        "phase": phase_of(survey.opens_at, survey.closes_at, now),
        "questions": questions,
        "form": form if refusal is None else None,
        "refusal": refusal,
        "is_error": error is not None or status == 400,
        "answered_at": answered_at,
        "results": results,
        "charts": charts,
        "is_editor": edits_community(user, survey.community_id),
        "index_url": page.get_url(request) or "/",
        "sign_in_needed": not user.is_authenticated,
    }
    return render_themed(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def survey_detail(request: HttpRequest, page: PollIndexPage, survey_id: int) -> HttpResponse:
    """GET: the poll with its form (or the reason there is none) and its results when they
    may be seen. POST: the answers; back here with a message once saved."""
    community = community_for_request(request)
    if community is None:
        raise Http404
    survey = shown_survey(community, request.user, survey_id)
    if survey is None:
        raise Http404
    now = timezone.now()
    if request.method != "POST":
        return _page(request, page, survey, now=now)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    questions = list(survey.questions.all())
    form = SurveyForm(questions, request.POST)
    if form.is_valid():
        # The service refuses (closed, not eligible, answered already) before it looks at
        # the answers: one round of checks for the usual, accepted, vote.
        try:
            submit_response(
                request.user, survey, form.answers(), now=now, community=community,
                questions=questions,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        except PollError as error:
            return _page(request, page, survey, now=now, error=error, status=error.status)
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return HttpResponseRedirect(request.path)
    # A refusal says more than the form's errors: a closed poll's answers do not matter.
    refusal = answering_refusal(request.user, survey, now=now, community=community)
    if refusal is not None:
        return _page(request, page, survey, now=now, error=refusal, status=refusal.status)
    return _page(request, page, survey, now=now, form=form, questions=questions, status=400)
