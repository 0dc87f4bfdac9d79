"""A poll's page on the community's site: the form or why not, answering once, the results
when they may be seen; bad input gets a clear page and never a 500."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from polls.models import ResultsShown, Survey, SurveyResponse
from polls.services.surveys import submit_response
from tests.conftest import (
    assert_accessible_basics,
    assert_page_queries,
    changed_tables,
    database_rows,
    host_of,
    said,
    shown,
    shown_plural,
)

from ..conftest import make_resident, route_url
from .conftest import good_answers, post_data, questions_of


def when(moment) -> str:
    """A time as the page writes it, in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def polls_tables(changed: dict) -> dict:
    # A signed-in request may touch the session and the last-seen time; the poll's own
    # tables must not change.
    return {label: rows for label, rows in changed.items() if label.startswith("polls.")}


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url_of(polls, survey) -> str:
    return route_url(polls, "survey", survey_id=survey.pk)


def get(client, polls, survey, community):
    return client.get(url_of(polls, survey), **host_of(community))


def test_an_anonymous_visitor_sees_the_poll_and_is_asked_to_sign_in(survey_a, polls_a, community_a):
    response = get(client_for(), polls_a, survey_a, community_a)

    assert response.status_code == 200
    html = response.content.decode()
    assert_accessible_basics(html)
    assert "东门充电桩调查" in html and "请大家说说对小区停车管理的看法" in html
    assert shown("Sign in to vote.") in html
    assert f'href="{reverse("account_login")}?next=' in html
    assert '<form method="post" class="account-form survey-form"' not in html


def test_a_resident_gets_the_form(survey_a, polls_a, community_a, resident_a):
    response = get(client_for(resident_a), polls_a, survey_a, community_a)

    assert response.status_code == 200
    html = response.content.decode()
    assert_accessible_basics(html)
    single, multiple, text = questions_of(survey_a)
    assert f'type="radio" name="q{single.pk}"' in html
    assert f'type="checkbox" name="q{multiple.pk}"' in html
    assert f'<textarea name="q{text.pk}"' in html
    assert html.count("<fieldset") == 2 and html.count("<legend>") == 2
    assert shown("Choose at most %(count)d.", count=2) in html


def test_a_non_resident_is_told_why_not(survey_a, polls_a, community_a, signed_in_user):
    response = get(client_for(signed_in_user), polls_a, survey_a, community_a)

    assert response.status_code == 200
    html = response.content.decode()
    reason = said(
        "Only verified residents of %(community)s may vote here. Ask to be verified "
        "from your account's residency page.",
        community="花果山社区",
    )
    assert escape(reason) in html
    assert 'class="account-form survey-form"' not in html


def test_an_upcoming_poll_says_when_it_opens(survey_a, polls_a, community_a, resident_a):
    later = timezone.now() + timedelta(days=2)
    Survey.objects.filter(pk=survey_a.pk).update(
        opens_at=later, closes_at=later + timedelta(days=1)
    )

    html = get(client_for(resident_a), polls_a, survey_a, community_a).content.decode()

    assert said("Voting has not opened yet. It opens on %(when)s.", when=when(later)) in html
    assert 'class="account-form survey-form"' not in html


def test_answering_then_coming_back(survey_a, polls_a, community_a, resident_a):
    client = client_for(resident_a)
    url = url_of(polls_a, survey_a)

    response = client.post(
        url, post_data(survey_a, single=1, multiple=(0, 1)), **host_of(community_a)
    )

    assert response.status_code == 302 and response["Location"] == url
    answered = SurveyResponse.objects.get(survey=survey_a, respondent=resident_a)
    assert sorted(answered.answers.values_list("choice", flat=True), key=str) == [0, 1, 1, None]
    html = client.get(url, **host_of(community_a)).content.decode()
    assert shown("Thank you: your answers are saved.") in html
    assert 'class="account-form survey-form"' not in html
    notice = said(
        "You answered this poll on %(when)s. Each person answers once.",
        when=when(answered.submitted_at),
    )
    assert notice in html
    assert 'class="bar-chart"' in html  # live results, with their table
    assert "<caption>您是否支持在东门增设充电桩？</caption>" in html


def test_answering_twice_is_refused_with_409(survey_a, polls_a, community_a, resident_a):
    client = client_for(resident_a)
    url = url_of(polls_a, survey_a)
    client.post(url, post_data(survey_a), **host_of(community_a))
    before = database_rows()

    response = client.post(url, post_data(survey_a, single=2), **host_of(community_a))

    assert response.status_code == 409
    html = response.content.decode()
    assert_accessible_basics(html)
    assert 'role="alert"' in html
    assert (
        said(
            "You answered this poll on %(when)s. Each person answers once.",
            when=when(SurveyResponse.objects.get().submitted_at),
        )
        in html
    )
    assert polls_tables(changed_tables(before, database_rows())) == {}


def test_bad_answers_get_400_and_save_nothing(survey_a, polls_a, community_a, resident_a):
    single, multiple, _text = questions_of(survey_a)
    before = database_rows()

    response = client_for(resident_a).post(
        url_of(polls_a, survey_a),
        post_data(survey_a, single=None, multiple=(0, 1, 2)),
        **host_of(community_a),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert_accessible_basics(html)
    assert shown("Your answers have not been saved yet. Please correct the following:") in html
    assert f'href="#id_q{single.pk}_0"' in html and f'href="#id_q{multiple.pk}_0"' in html
    assert shown("Please answer this question.") in html
    assert (
        shown_plural(
            "Choose at most %(count)d answer.", "Choose at most %(count)d answers.", 2, count=2
        )
        in html
    )
    assert polls_tables(changed_tables(before, database_rows())) == {}


def test_a_tampered_choice_gets_400(survey_a, polls_a, community_a, resident_a):
    single, _multiple, _text = questions_of(survey_a)
    data = post_data(survey_a) | {f"q{single.pk}": "99"}

    response = client_for(resident_a).post(url_of(polls_a, survey_a), data, **host_of(community_a))

    assert response.status_code == 400
    assert shown("That answer is not one of this question's choices.") in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_posting_as_an_outsider_is_refused_with_403(survey_a, polls_a, community_a, resident_b):
    response = client_for(resident_b).post(
        url_of(polls_a, survey_a), post_data(survey_a), **host_of(community_a)
    )

    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_posting_after_the_close_is_refused_with_409(
    closed_survey_a, polls_a, community_a, resident_a
):
    response = client_for(resident_a).post(
        url_of(polls_a, closed_survey_a), post_data(closed_survey_a), **host_of(community_a)
    )

    assert response.status_code == 409
    assert said(
        "Voting closed on %(when)s. No more votes are accepted.",
        when=when(closed_survey_a.closes_at),
    ) in (response.content.decode())
    assert not SurveyResponse.objects.exists()


def test_posting_signed_out_goes_to_sign_in(survey_a, polls_a, community_a):
    response = client_for().post(
        url_of(polls_a, survey_a), post_data(survey_a), **host_of(community_a)
    )

    assert response.status_code == 302 and "login" in response["Location"]
    assert not SurveyResponse.objects.exists()


def test_another_communitys_poll_and_junk_ids_are_not_found(
    survey_a, polls_a, community_a, community_b, resident_a
):
    from ..conftest import poll_page

    client = client_for(resident_a)
    polls_b = poll_page(community_b)
    assert client.get(url_of(polls_b, survey_a), **host_of(community_b)).status_code == 404
    assert (
        client.post(
            url_of(polls_b, survey_a), post_data(survey_a), **host_of(community_b)
        ).status_code
        == 404
    )
    junk = route_url(polls_a, "survey", survey_id=99999999)
    assert client.get(junk, **host_of(community_a)).status_code == 404
    assert client.get(url_of(polls_a, survey_a) + "x/", **host_of(community_a)).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_draft_is_not_found_except_by_its_editors(
    survey_a, polls_a, community_a, resident_a, editor_a
):
    Survey.objects.filter(pk=survey_a.pk).update(is_published=False)

    assert get(client_for(resident_a), polls_a, survey_a, community_a).status_code == 404
    response = get(client_for(editor_a), polls_a, survey_a, community_a)
    assert response.status_code == 200
    assert said("A draft: only the community's editors see this poll until it is published.") in (
        response.content.decode()
    )


def test_results_after_close_are_hidden_while_open(
    survey_a, polls_a, community_a, resident_a, resident_a2
):
    Survey.objects.filter(pk=survey_a.pk).update(results_shown=ResultsShown.AFTER_CLOSE)
    survey_a.refresh_from_db()
    submit_response(resident_a2, survey_a, good_answers(survey_a))

    html = get(client_for(resident_a), polls_a, survey_a, community_a).content.decode()

    assert 'class="bar-chart"' not in html
    assert shown("The results are shown here once the poll closes.") in html


def test_results_are_shown_after_the_close(closed_survey_a, polls_a, community_a):
    html = get(client_for(), polls_a, closed_survey_a, community_a).content.decode()

    assert_accessible_basics(html)
    assert 'class="bar-chart"' in html
    assert said("No answers yet.") in html


@pytest.mark.parametrize("answers", [3, 30])
def test_the_results_page_takes_the_same_queries_for_3_or_30_answers(
    survey_a, polls_a, community_a, editor_a, resident_a, answers, django_assert_num_queries
):
    for n in range(answers):
        voter = make_resident(community_a, editor_a, username=f"voter-{n}")
        submit_response(voter, survey_a, good_answers(survey_a, single=n % 3, multiple=(n % 4,)))

    html = assert_page_queries(
        client_for(resident_a),
        django_assert_num_queries,
        url_of(polls_a, survey_a),
        QUERIES,
        f"{answers} answers",
        **host_of(community_a),
    )

    assert f'<tr><th scope="row">支持</th><td>{answers // 3}</td>' in html


QUERIES = 23  # the site, page, theme and session; the poll, its questions, the counts
