"""Civil affairs' screens: the required disclosures they set, the supervision report of
overdue and late ones across the city, and the staff's questions screen."""

from datetime import date, timedelta

import pytest

from accounts.factories import UserFactory
from organisations.admin import supervision
from organisations.factories import DisclosureRequirementFactory, published_disclosure
from organisations.models import DisclosureRequirement, OrganisationQuestion
from tests.conftest import english_admin_client, said

ADMIN = {"HTTP_HOST": "localhost"}
REQUIREMENT = {
    "name": "年度工作报告",
    "name_en": "Annual work report",
    "kind": "financial",
    "due_month": "5",
    "due_day": "31",
    "first_year": "2024",
    "is_active": "on",
}


def test_reviewers_and_city_admins_set_required_disclosures(portal, reviewer, city_admin_user):
    client = english_admin_client(reviewer)
    refused = client.post(
        "/admin/disclosure-requirements/new/", {**REQUIREMENT, "due_month": "2", "due_day": "30"},
        **ADMIN,
    )  # fmt: skip
    assert refused.status_code == 200
    assert "Month 2 has at most 29 days." in refused.content.decode()
    assert not DisclosureRequirement.objects.exists()
    assert (
        client.post("/admin/disclosure-requirements/new/", REQUIREMENT, **ADMIN).status_code == 302
    )
    requirement = DisclosureRequirement.objects.get()
    listing = client.get("/admin/disclosure-requirements/", **ADMIN)
    assert listing.status_code == 200 and "5/31 of the following year" in listing.content.decode()
    assert (requirement.due_month, requirement.due_day, requirement.first_year) == (5, 31, 2024)

    admin = english_admin_client(city_admin_user)
    edited = admin.post(
        f"/admin/disclosure-requirements/edit/{requirement.pk}/",
        {**REQUIREMENT, "is_active": ""},
        **ADMIN,
    )
    assert edited.status_code == 302
    requirement.refresh_from_db()
    assert not requirement.is_active


def test_organisation_staff_do_not_set_requirements(portal, staff_a, annual_report):
    client = english_admin_client(staff_a)
    assert client.get("/admin/disclosure-requirements/", **ADMIN).status_code in (302, 403)
    client.post("/admin/disclosure-requirements/new/", {**REQUIREMENT, "name": "x"}, **ADMIN)
    client.post(f"/admin/disclosure-requirements/edit/{annual_report.pk}/",
                {**REQUIREMENT, "due_day": "1"}, **ADMIN)  # fmt: skip
    assert list(DisclosureRequirement.objects.values_list("name", "due_day")) == [
        ("年度工作报告", 31)
    ]


def test_the_supervision_report_lists_overdue_and_late_ones(
    portal, reviewer, org_a, org_b, annual_report, monkeypatch
):
    monkeypatch.setattr(supervision, "local_today", lambda: date(2026, 7, 1))
    year = 2024
    published_disclosure(org_b, annual_report, 2024, date(2025, 5, 20))  # on time: not listed
    published_disclosure(org_b, annual_report, 2025, date(2026, 7, 10) - timedelta(days=30))
    client = english_admin_client(reviewer)
    report = client.get("/admin/disclosure-supervision/", **ADMIN)
    assert report.status_code == 200
    rows = report.context["object_list"]
    overdue = [(r.organisation, r.year, r.days) for r in rows if r.obligation.state == "overdue"]
    assert overdue == [(org_a, 2024, 396), (org_a, 2025, 31)]  # the longest overdue first
    late = [r for r in rows if r.obligation.state == "late"]
    assert [(r.organisation, r.year, r.days) for r in late] == [(org_b, 2025, 10)]
    html = report.content.decode()
    assert org_a.name in html and "Overdue: not published" in html

    only_late = client.get("/admin/disclosure-supervision/", {"state": "late"}, **ADMIN)
    assert [r.organisation for r in only_late.context["object_list"]] == [org_b]
    by_year = client.get("/admin/disclosure-supervision/", {"year": year}, **ADMIN)
    assert {r.year for r in by_year.context["object_list"]} == {year}

    csv = client.get("/admin/disclosure-supervision/", {"export": "csv"}, **ADMIN)
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert said("Days overdue or late") in text and org_a.credit_code in text


def test_the_report_is_empty_when_every_disclosure_is_on_time(portal, reviewer, org_a, monkeypatch):
    monkeypatch.setattr(supervision, "local_today", lambda: date(2026, 12, 31))
    requirement = DisclosureRequirementFactory(first_year=2024)
    for year in (2024, 2025):
        published_disclosure(org_a, requirement, year, date(year + 1, 3, 1))
    report = english_admin_client(reviewer).get("/admin/disclosure-supervision/", **ADMIN)
    assert [r for r in report.context["object_list"] if r.organisation == org_a] == []


@pytest.fixture
def question_to_b(org_b):
    asker = UserFactory(username="asker")
    return OrganisationQuestion.objects.create(
        organisation=org_b, author=asker, body="捐款用在哪里了？"
    )


def test_staff_answer_their_organisations_questions_only(
    portal, staff_a, staff_b, org_a, question_to_b
):
    mine = OrganisationQuestion.objects.create(
        organisation=org_a, author=question_to_b.author, body="活动什么时候开始？"
    )
    client = english_admin_client(staff_a)
    listing = client.get("/admin/organisation-questions/", **ADMIN)
    assert [q.pk for q in listing.context["object_list"]] == [mine.pk]
    other = f"/admin/organisation-questions/{question_to_b.pk}/"
    assert client.get(other, **ADMIN).status_code == 404
    assert client.post(other, {"action": "answer", "answer": "乱答"}, **ADMIN).status_code == 404
    assert client.post(other, {"action": "hide"}, **ADMIN).status_code == 404
    question_to_b.refresh_from_db()
    assert question_to_b.answer == "" and not question_to_b.is_hidden

    url = f"/admin/organisation-questions/{mine.pk}/"
    assert client.post(url, {"action": "answer", "answer": " "}, **ADMIN).status_code == 400
    assert (
        client.post(url, {"action": "answer", "answer": "10月29日上午九点。"}, **ADMIN).status_code
        == 302
    )
    mine.refresh_from_db()
    assert mine.answer == "10月29日上午九点。" and mine.answered_by == staff_a
    assert client.post(url, {"action": "hide"}, **ADMIN).status_code == 302
    mine.refresh_from_db()
    assert mine.is_hidden
