"""Residents' questions to social organisations and their public answers
(organisations.services.questions and the question form on the public pages)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.factories import UserFactory
from accounts.models import Role
from accounts.services.roles import grant_role
from notifications.models import Notification
from organisations.factories import OrganisationFactory, published_disclosure
from organisations.models import OrganisationQuestion
from organisations.services.questions import (
    ANSWER_NOTIFICATION_KIND,
    answer_question,
    ask_question,
    hide_question,
    public_questions,
)
from tests.conftest import (
    assert_accessible_basics,
    changed_tables,
    database_rows,
    said,
    shown,
)

YEAR = timezone.localdate().year


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="花果山志愿者协会")


@pytest.fixture
def resident(db):
    return UserFactory(
        username="xiaowang", display_name="花果山小王", real_name="王小明", phone="13812345678"
    )


@pytest.fixture
def staff(superuser, organisation):
    user = UserFactory(username="org-staff", real_name="李主任")
    grant_role(superuser, user, Role.ORGANISATION_STAFF, organisation=organisation)
    return user


def ask_url(organisation) -> str:
    return f"/organisations/{organisation.pk}/questions/"


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_saved(client, organisation):
    page = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert f"/accounts/login/?next=%2Forganisations%2F{organisation.pk}%2F" in page
    response = client.post(ask_url(organisation), {"body": "请问年度报告何时公开？"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not OrganisationQuestion.objects.exists()
    with pytest.raises(PermissionDenied):
        ask_question(None, organisation, "请问年度报告何时公开？")


def test_a_resident_asks_and_is_shown_by_public_name_only(client, organisation, resident):
    client.force_login(resident)
    response = client.post(ask_url(organisation), {"body": "请问**年度报告**何时公开？"})
    question = OrganisationQuestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{organisation.pk}/#question-{question.pk}"
    assert question.author == resident and question.organisation == organisation

    html = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert_accessible_basics(html)
    assert shown("Thank you. Your question is published; the organisation answers it here.") in html
    assert f'id="question-{question.pk}"' in html
    assert "<strong>年度报告</strong>" in html and "花果山小王" in html
    assert "王小明" not in html and "13812345678" not in html and "xiaowang" not in html
    assert shown("Not answered yet.") in html


def test_the_answer_is_public_once_the_staff_answer_and_the_asker_is_told(
    client, organisation, resident, staff, superuser
):
    question = ask_question(resident, organisation, "请问志愿者如何报名？")
    other = OrganisationFactory(name="别的组织")
    outsider = UserFactory(username="outsider")
    grant_role(superuser, outsider, Role.ORGANISATION_STAFF, organisation=other)
    with pytest.raises(PermissionDenied):
        answer_question(outsider, question, "不是我们回答。")
    with pytest.raises(PermissionDenied):
        answer_question(resident, question, "我自己回答。")
    with pytest.raises(ValidationError) as empty:
        answer_question(staff, question, "   ")
    assert "answer" in empty.value.message_dict
    question.refresh_from_db()
    assert question.answered_at is None and not Notification.objects.exists()

    with translation.override("en"):  # the staff's admin speaks English: the link must not
        answer_question(staff, question, "请到社区服务中心二楼登记。")
    question.refresh_from_db()
    assert question.answered_by == staff and question.answered_at is not None
    notice = Notification.objects.get(user=resident)
    assert notice.kind == ANSWER_NOTIFICATION_KIND
    assert notice.url == f"/organisations/{organisation.pk}/#question-{question.pk}"

    answer_question(staff, question, "请到社区服务中心二楼登记，周末也可以。")
    assert Notification.objects.filter(user=resident).count() == 1  # told once

    html = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert "周末也可以" in html
    assert shown("Answer from %(organisation)s", organisation="花果山志愿者协会") in html
    assert "李主任" not in html and "org-staff" not in html


def test_hidden_questions_are_not_shown(client, organisation, resident, staff, superuser):
    shown_question = ask_question(resident, organisation, "这个问题会显示出来。")
    hidden = ask_question(resident, organisation, "这个问题会被隐藏。")
    with pytest.raises(PermissionDenied):
        hide_question(resident, hidden)
    hide_question(staff, hidden)
    reviewer = UserFactory(username="reviewer")
    grant_role(superuser, reviewer, Role.CIVIL_AFFAIRS)
    hide_question(reviewer, hidden)  # again: harmless

    assert list(public_questions(organisation)) == [shown_question]
    html = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert "这个问题会显示出来。" in html and "这个问题会被隐藏。" not in html
    with pytest.raises(ValidationError):
        answer_question(staff, hidden, "不回答隐藏的问题。")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("太短", "Write your question in at least %(count)d characters."),
        ("很长" * 1001, None),
        ("", "Write your question."),
    ],
)
def test_too_short_or_too_long_questions_are_refused_and_nothing_is_saved(
    client, organisation, resident, body, message
):
    client.force_login(resident)
    before = database_rows()
    response = client.post(ask_url(organisation), {"body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert_accessible_basics(html)
    assert shown("Your question has not been published. Please correct the following:") in html
    if message:
        assert shown(message, count=5) in html if "%" in message else shown(message) in html
    assert body in html  # what was typed is kept in the form
    changed = changed_tables(before, database_rows())
    assert "organisations.OrganisationQuestion" not in changed
    with pytest.raises(ValidationError) as refused:
        ask_question(resident, organisation, body)
    assert "body" in refused.value.message_dict


def test_a_question_about_a_disclosure_goes_back_to_it(client, organisation, resident):
    disclosure = published_disclosure(organisation, None, YEAR - 1, date(YEAR - 1, 6, 1))
    other = published_disclosure(
        OrganisationFactory(name="别的组织"), None, YEAR - 1, date(YEAR - 1, 6, 1)
    )
    client.force_login(resident)
    page = client.get(f"/organisations/{organisation.pk}/disclosures/{disclosure.pk}/")
    assert f'name="disclosure" value="{disclosure.pk}"' in page.content.decode()

    refused = client.post(ask_url(organisation), {"body": "请问捐赠明细？", "disclosure": other.pk})
    assert refused.status_code == 400
    assert not OrganisationQuestion.objects.exists()

    short = client.post(ask_url(organisation), {"body": "短", "disclosure": disclosure.pk})
    assert short.status_code == 400 and disclosure.title in short.content.decode()

    response = client.post(
        ask_url(organisation), {"body": "请问捐赠明细？", "disclosure": disclosure.pk}
    )
    question = OrganisationQuestion.objects.get()
    assert question.disclosure == disclosure
    disclosure_url = f"/organisations/{organisation.pk}/disclosures/{disclosure.pk}/"
    assert response["Location"] == f"{disclosure_url}#question-{question.pk}"
    assert "请问捐赠明细？" in client.get(disclosure_url).content.decode()


def test_a_deregistered_organisation_takes_no_questions(client, resident):
    gone = OrganisationFactory(name="已注销的组织", is_active=False)
    client.force_login(resident)
    assert shown("This organisation is deregistered: it no longer answers questions.") in (
        client.get(f"/organisations/{gone.pk}/").content.decode()
    )
    response = client.post(ask_url(gone), {"body": "请问还在运营吗？"})
    assert response.status_code == 400
    assert not OrganisationQuestion.objects.exists()


def test_asking_too_often_is_refused_with_a_clear_message(client, organisation, resident, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post:user": "2/h"}
    client.force_login(resident)
    for n in range(2):
        asked = client.post(ask_url(organisation), {"body": f"第{n}个问题，请回答"})
        assert asked.status_code == 302
    response = client.post(ask_url(organisation), {"body": "第三个问题，请回答"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    message = said("You are doing that too often. Please wait about %(minutes)d minute(s).")
    assert escape(message.split("%(minutes)d")[0]) in response.content.decode()
    assert OrganisationQuestion.objects.count() == 2


def test_only_get_and_post_make_sense(client, organisation, resident):
    client.force_login(resident)
    assert client.get(ask_url(organisation)).status_code == 405
    assert client.post("/organisations/999999/questions/", {"body": "请问……"}).status_code == 404


def test_a_residents_questions_and_their_answers_are_in_their_data_export(
    organisation, resident, staff
):
    from accounts.services.privacy import export_user_data

    question = ask_question(resident, organisation, "去年的捐赠款用在哪些项目上？")
    answer_question(staff, question, "主要用于长者助餐和探访，详见年度报告。")
    ask_question(UserFactory(username="someone-else"), organisation, "别人的问题，不应导出。")

    section = export_user_data(resident)["organisation_questions"]
    assert [(row["question"], row["answer"]) for row in section] == [
        ("去年的捐赠款用在哪些项目上？", "主要用于长者助餐和探访，详见年度报告。")
    ]
    assert section[0]["organisation"] == "花果山志愿者协会"
