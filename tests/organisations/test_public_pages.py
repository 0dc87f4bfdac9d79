"""The public pages of social organisations: an organisation's page, a disclosure, its PDF
attachments and the transparency formula (organisations.views)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import Role
from accounts.services.roles import grant_role
from organisations.factories import (
    DisclosureFactory,
    DisclosureRequirementFactory,
    OrganisationFactory,
    published_disclosure,
)
from organisations.models import DisclosureKind, DisclosureStatus
from organisations.services.disclosures import (
    add_attachment,
    create_draft,
    publish,
    start_correction,
    submit,
)
from organisations.services.questions import ask_question
from organisations.services.transparency import FORMULA_COMPLETENESS, FORMULA_TIMELINESS
from services_directory.models import ServicePoint, ServicePointKind
from tests.conftest import assert_accessible_basics, host_of, shown

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEAR = timezone.localdate().year


@pytest.fixture
def organisation(db):
    return OrganisationFactory(
        name="花果山志愿者协会",
        name_en="Huaguoshan Volunteers Association",
        summary="组织社区志愿服务。",
        summary_en="Organises volunteering in the community.",
        office_phone="0755-26881234",
        office_address="南山区花果路 1 号社区服务中心 2 楼",
    )


@pytest.fixture
def requirement(db):
    # Due on 1 January of the following year: the two years before this one are always due
    # and this year never is, whatever day the suite runs.
    return DisclosureRequirementFactory(
        name="年度财务报告",
        name_en="Annual financial report",
        kind=DisclosureKind.FINANCIAL,
        due_month=1,
        due_day=1,
        first_year=YEAR - 2,
    )


def page(client, path: str, **request) -> str:
    response = client.get(path, **request)
    assert response.status_code == 200, (path, response.status_code)
    html = response.content.decode()
    assert_accessible_basics(html)
    return html


def test_the_page_shows_facts_disclosures_by_year_and_kind_and_the_index(
    client, organisation, requirement, community_a
):
    organisation.communities.add(community_a)
    ServicePoint.objects.create(
        community=community_a,
        kind=ServicePointKind.SERVICE_CENTRE,
        name="花果山社区党群服务中心",
        location="花果路 1 号",
        hours="周一至周五 9:00-18:00",
        operator=organisation,
    )
    # year-2: 45 days late (80 points), year-1: on time (100): completeness 100, timeliness 90.
    published_disclosure(organisation, requirement, YEAR - 2, date(YEAR - 1, 2, 15))
    published_disclosure(organisation, requirement, YEAR - 1, date(YEAR - 1, 12, 20))
    published_disclosure(
        organisation, None, YEAR - 1, date(YEAR - 1, 8, 1),
        kind=DisclosureKind.ACTIVITY, title="重阳敬老活动报告", place="社区广场", participants=120,
    )  # fmt: skip
    DisclosureFactory(organisation=organisation, year=YEAR - 1, title="还在写的草稿")

    html = page(client, f"/organisations/{organisation.pk}/")

    assert "花果山志愿者协会" in html and "51440300MJL" in html
    assert "0755-26881234" in html and "深圳市南山区民政局" in html
    assert community_a.name in html and f"//{community_a.hostname}" in html
    assert "花果山社区党群服务中心" in html
    # Newest year first, then the kinds in their order (financial before activity).
    newest, older = html.index(f"{YEAR - 1}年度财务报告"), html.index(f"{YEAR - 2}年度财务报告")
    assert newest < html.index("重阳敬老活动报告") < older
    assert html.index(shown("Financial information")) < html.index(shown("Activity report"))
    assert "还在写的草稿" not in html
    assert shown("Transparency index: %(index)s/100", index=95) in html
    assert "100/100" in html and "90/100" in html
    assert 'href="/organisations/transparency/"' in html
    assert shown("Published on time") in html
    assert "45" in html and shown("Not yet due") in html
    # On the community's site too, where askers who live there are marked as residents.
    asker = UserFactory(username="asker", display_name="小王")
    ask_question(asker, organisation, "请问活动怎么报名？")
    on_site = page(client, f"/organisations/{organisation.pk}/", **host_of(community_a))
    assert "小王" in on_site and "请问活动怎么报名？" in on_site


def test_the_page_costs_the_same_queries_however_much_it_shows(
    client, organisation, requirement, django_assert_max_num_queries
):
    def add(start: int, count: int) -> None:
        for n in range(start, start + count):
            published_disclosure(
                organisation, None, YEAR - 1 - n % 3, date(YEAR - 1, 6, 1),
                kind=DisclosureKind.ACTIVITY, title=f"活动报告{n}", place="社区广场",
            )  # fmt: skip
            asker = UserFactory(username=f"asker{n}", display_name=f"居民{n}")
            ask_question(asker, organisation, f"第{n}个问题：活动什么时候开始？")

    add(0, 2)
    url = f"/organisations/{organisation.pk}/"
    client.get(url)  # warm process-wide caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(2, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client, url)
    assert "活动报告13" in html and "居民13" in html


def test_an_overdue_required_disclosure_is_said_in_words_and_lowers_the_index(
    client, organisation, requirement
):
    published_disclosure(organisation, requirement, YEAR - 1, date(YEAR - 1, 12, 20))
    # Nothing for YEAR - 2: overdue, so half the obligations are missing.
    html = page(client, f"/organisations/{organisation.pk}/")
    assert shown("Overdue: not published") in html
    assert shown("Transparency index: %(index)s/100", index=50) in html


def test_an_organisation_with_nothing_due_is_not_yet_rated(client, organisation):
    html = page(client, f"/organisations/{organisation.pk}/")
    assert shown("Transparency index: not yet rated") in html
    assert client.get("/organisations/999999/").status_code == 404


def test_english_pages_show_the_english_name_and_summary(client, organisation, requirement):
    html = page(client, f"/en/organisations/{organisation.pk}/")
    assert "Huaguoshan Volunteers Association" in html
    assert "Organises volunteering in the community." in html
    assert 'href="/en/organisations/transparency/"' in html


def test_a_disclosure_shows_its_fields_money_text_and_attachments(
    client, organisation, requirement, superuser
):
    disclosure = create_draft(
        superuser, organisation, kind=DisclosureKind.FINANCIAL, year=YEAR - 1,
        title="年度财务报告", body="**收支**说明<script>alert(1)</script>",
        total_income=Decimal("1234567.5"), total_expenditure=Decimal("98000"),
        net_assets=Decimal("-2500.25"), donation_use="全部用于长者饭堂。",
    )  # fmt: skip
    add_attachment(
        superuser, disclosure, "审计报告", SimpleUploadedFile("audit.pdf", PDF, "application/pdf")
    )
    submit(superuser, disclosure)
    publish(superuser, disclosure)

    html = page(client, f"/en/organisations/{organisation.pk}/disclosures/{disclosure.pk}/")
    assert "Total income" in html and "¥1,234,567.50" in html
    assert "¥98,000.00" in html and "-¥2,500.25" in html
    assert "How donations were used" in html and "全部用于长者饭堂。" in html
    assert "<strong>收支</strong>" in html and "<script>alert" not in html
    attachment = disclosure.attachments.get()
    assert f'href="/en/organisations/attachments/{attachment.pk}/"' in html
    assert "审计报告" in html


def test_drafts_submissions_and_returned_disclosures_are_404_even_for_the_staff(
    client, organisation, superuser
):
    staff = UserFactory(username="org-staff")
    grant_role(superuser, staff, Role.ORGANISATION_STAFF, organisation=organisation)
    client.force_login(staff)
    for status in (DisclosureStatus.DRAFT, DisclosureStatus.SUBMITTED, DisclosureStatus.RETURNED):
        hidden = DisclosureFactory(organisation=organisation, status=status)
        url = f"/organisations/{organisation.pk}/disclosures/{hidden.pk}/"
        assert client.get(url).status_code == 404, status
    other = OrganisationFactory(name="别的组织")
    theirs = published_disclosure(other, None, YEAR - 1, date(YEAR - 1, 6, 1))
    assert client.get(f"/organisations/{other.pk}/disclosures/{theirs.pk}/").status_code == 200
    assert (
        client.get(f"/organisations/{organisation.pk}/disclosures/{theirs.pk}/").status_code == 404
    )


def test_a_correction_keeps_the_old_version_public_and_the_history_lists_both(
    client, organisation, requirement, superuser
):
    first = create_draft(
        superuser, organisation, kind=DisclosureKind.FINANCIAL, year=YEAR - 1,
        title="经审计的财务报告", total_income=Decimal("100000"),
        total_expenditure=Decimal("90000"), net_assets=Decimal("10000"),
    )  # fmt: skip
    submit(superuser, first)
    publish(superuser, first)
    correction = start_correction(superuser, first, "总收入少算了两万元。")
    # A correction being prepared is not public, and the first version stays current.
    assert (
        client.get(f"/organisations/{organisation.pk}/disclosures/{correction.pk}/").status_code
        == 404
    )
    correction.total_income = Decimal("120000")
    correction.save(update_fields=["total_income"])
    submit(superuser, correction)
    publish(superuser, correction)

    old = page(client, f"/organisations/{organisation.pk}/disclosures/{first.pk}/")
    new = page(client, f"/organisations/{organisation.pk}/disclosures/{correction.pk}/")
    assert "¥100,000.00" in old and "¥120,000.00" in new
    assert shown("This version has been corrected.") in old
    assert f'href="/organisations/{organisation.pk}/disclosures/{correction.pk}/"' in old
    assert f'href="/organisations/{organisation.pk}/disclosures/{first.pk}/"' in new
    assert "总收入少算了两万元。" in new and "总收入少算了两万元。" in old
    assert shown("This version has been corrected.") not in new
    # The organisation's page lists the current version once, marked as corrected.
    listing = page(client, f"/organisations/{organisation.pk}/")
    assert listing.count("经审计的财务报告</a>") == 1
    assert shown("Corrected: version %(version)s, see the earlier versions", version=2) in listing


def test_attachments_are_served_as_pdf_only_once_published(client, organisation, superuser):
    disclosure = create_draft(
        superuser, organisation, kind=DisclosureKind.ACTIVITY, year=YEAR - 1,
        title="活动报告", started_on=date(YEAR - 1, 10, 1), place="社区广场",
        participants=30, outcome="顺利完成",
    )  # fmt: skip
    attachment = add_attachment(
        superuser, disclosure, '现场/照片"汇总', SimpleUploadedFile("x.pdf", PDF)
    )
    url = f"/organisations/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404
    submit(superuser, disclosure)
    assert client.get(url).status_code == 404
    publish(superuser, disclosure)

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    # The title's slash and quote never reach the header: no path, no broken quoting.
    assert disposition.endswith("filename*=utf-8''" + quote("现场 照片 汇总.pdf"))
    assert b"".join(response.streaming_content) == PDF
    assert client.get("/organisations/attachments/999999/").status_code == 404


def test_the_formula_page_explains_the_index(client, community_a):
    for path, request in (
        ("/organisations/transparency/", {}),
        ("/en/organisations/transparency/", {}),
        ("/organisations/transparency/", host_of(community_a)),
    ):
        html = page(client, path, **request)
    assert "Completeness" in html or shown("Completeness") in html
    english = page(client, "/en/organisations/transparency/")
    assert str(FORMULA_COMPLETENESS) in english and str(FORMULA_TIMELINESS) in english
    assert "75" in english and "65" in english and "70" in english
