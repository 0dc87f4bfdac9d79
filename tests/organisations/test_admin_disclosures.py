"""The disclosures' admin screens: organisation staff write their own organisation's only,
civil-affairs reviewers publish or return, and nothing of another organisation is reachable
by changing a URL."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import Disclosure, DisclosureAttachment, DisclosureStatus
from organisations.services.disclosures import create_draft, publish, submit
from tests.conftest import english_admin_client

ADMIN = {"HTTP_HOST": "localhost"}
PDF = b"%PDF-1.4\n%%EOF\n"
FINANCIAL = {
    "title": "2025年度财务报告",
    "year": "2025",
    "requirement": "",
    "body": "收支情况",
    "total_income": "120000",
    "total_expenditure": "98000",
    "net_assets": "45000",
    "donations_received": "",
    "donations_used": "",
    "donation_use": "",
}


def draft_of(staff, organisation, **extra):
    fields = {"kind": "financial", "year": 2025, "title": "2025年度财务报告",
              "total_income": Decimal("120000"), "total_expenditure": Decimal("98000"),
              "net_assets": Decimal("45000"), **extra}  # fmt: skip
    return create_draft(staff, organisation, **fields)


@pytest.fixture
def client_a(portal, staff_a):
    return english_admin_client(staff_a)


def test_staff_write_a_draft_with_the_kinds_own_form(client_a, org_a, annual_report):
    chosen = client_a.get(
        "/admin/disclosures/new/", {"organisation": org_a.pk, "kind": "financial"}, **ADMIN
    )
    assert chosen.status_code == 302
    assert chosen["Location"] == f"/admin/disclosures/new/{org_a.pk}/financial/"
    page = client_a.get(chosen["Location"], **ADMIN)
    assert page.status_code == 200
    fields = set(page.context["form"].fields)
    assert {"total_income", "net_assets", "requirement"} <= fields
    assert not fields & {"place", "people_in_charge", "beneficiaries"}
    assert page.context["form"].initial["requirement"] == annual_report

    saved = client_a.post(
        chosen["Location"], {**FINANCIAL, "requirement": annual_report.pk}, **ADMIN
    )
    assert saved.status_code == 302
    disclosure = Disclosure.objects.get()
    assert (disclosure.organisation, disclosure.status, disclosure.requirement) == (
        org_a, DisclosureStatus.DRAFT, annual_report,
    )  # fmt: skip
    assert saved["Location"] == f"/admin/disclosures/edit/{disclosure.pk}/"
    assert client_a.get(saved["Location"], **ADMIN).status_code == 200


def test_bad_input_is_refused_with_field_errors_and_nothing_saved(client_a, org_a):
    url = f"/admin/disclosures/new/{org_a.pk}/financial/"
    refused = client_a.post(url, {**FINANCIAL, "total_income": "-5", "year": "1990"}, **ADMIN)
    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert "total_income" in errors and "year" in errors
    assert "This cannot be negative." in refused.content.decode()
    assert not Disclosure.objects.exists()


def test_staff_of_a_reach_nothing_of_b(client_a, staff_a, staff_b, org_a, org_b, reviewer):
    theirs = draft_of(staff_b, org_b)
    mine = draft_of(staff_a, org_a, title="我们的报告")
    listing = client_a.get("/admin/disclosures/", **ADMIN)
    assert [d.pk for d in listing.context["object_list"]] == [mine.pk]
    assert client_a.get(f"/admin/disclosures/edit/{theirs.pk}/", **ADMIN).status_code == 404
    assert client_a.get(f"/admin/disclosures/new/{org_b.pk}/financial/", **ADMIN).status_code == 404
    for action in ("save", "submit"):
        response = client_a.post(
            f"/admin/disclosures/edit/{theirs.pk}/", {**FINANCIAL, "action": action,
                                                       "title": "被改了"}, **ADMIN
        )  # fmt: skip
        assert response.status_code == 404
    submit(staff_b, theirs)
    assert client_a.get(f"/admin/disclosure-review/{theirs.pk}/", **ADMIN).status_code == 403
    assert (
        client_a.post(
            f"/admin/disclosure-review/{theirs.pk}/", {"action": "publish"}, **ADMIN
        ).status_code
        == 403
    )
    theirs.refresh_from_db()
    assert theirs.status == DisclosureStatus.SUBMITTED and theirs.title == "2025年度财务报告"
    attachment = DisclosureAttachment.objects.create(
        disclosure=theirs, title="附件", file="disclosures/x.pdf", size=1
    )
    assert (
        client_a.get(f"/admin/disclosures/attachment/{attachment.pk}/", **ADMIN).status_code == 404
    )


def test_save_and_submit_needs_the_required_fields(client_a, staff_a, org_a):
    draft = create_draft(staff_a, org_a, kind="financial", year=2025, title="草稿")
    url = f"/admin/disclosures/edit/{draft.pk}/"
    refused = client_a.post(url, {**FINANCIAL, "net_assets": "", "action": "submit"}, **ADMIN)
    assert refused.status_code == 400
    assert "net_assets" in refused.context["edit_form"].errors
    draft.refresh_from_db()
    assert draft.status == DisclosureStatus.DRAFT and draft.total_income is None  # not saved
    done = client_a.post(url, {**FINANCIAL, "action": "submit"}, **ADMIN)
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DisclosureStatus.SUBMITTED and draft.total_income == Decimal("120000")


def test_only_pdfs_are_attached_in_the_admin(client_a, staff_a, org_a):
    draft = draft_of(staff_a, org_a)
    url = f"/admin/disclosures/edit/{draft.pk}/"
    fake = SimpleUploadedFile("audit.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client_a.post(
        url, {"action": "attach", "attach-title": "审计报告", "attach-file": fake}, **ADMIN
    )
    assert refused.status_code == 400
    assert "This file is not a PDF" in refused.content.decode()
    assert not DisclosureAttachment.objects.exists()
    real = SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf")
    done = client_a.post(
        url, {"action": "attach", "attach-title": "审计报告", "attach-file": real}, **ADMIN
    )
    assert done.status_code == 302
    attachment = DisclosureAttachment.objects.get()
    served = client_a.get(f"/admin/disclosures/attachment/{attachment.pk}/", **ADMIN)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF


def test_a_published_disclosure_is_corrected_not_edited(client_a, staff_a, org_a, reviewer):
    first = draft_of(staff_a, org_a)
    submit(staff_a, first)
    publish(reviewer, first)
    url = f"/admin/disclosures/edit/{first.pk}/"
    refused = client_a.post(url, {**FINANCIAL, "title": "偷偷改", "action": "save"}, **ADMIN)
    assert refused.status_code == 409
    first.refresh_from_db()
    assert first.title == "2025年度财务报告"
    no_reason = client_a.post(url, {"action": "correct", "correct-reason": ""}, **ADMIN)
    assert no_reason.status_code == 400
    started = client_a.post(url, {"action": "correct", "correct-reason": "净资产有误"}, **ADMIN)
    assert started.status_code == 302
    correction = Disclosure.objects.get(supersedes=first)
    assert started["Location"] == f"/admin/disclosures/edit/{correction.pk}/"
    page = client_a.get(started["Location"], **ADMIN)
    assert "year" not in page.context["edit_form"].fields  # a correction keeps its year
    assert page.context["versions"] == [first, correction]
    history = client_a.get(f"/admin/disclosures/history/{first.pk}/", **ADMIN)
    assert history.status_code == 200
    assert "Start a correction of a published disclosure" not in history.content.decode()
    assert "Publish disclosure" in history.content.decode()


def test_a_reviewer_publishes_or_returns_with_a_reason(portal, staff_a, org_a, reviewer):
    first, second = (
        draft_of(staff_a, org_a),
        draft_of(staff_a, org_a, title="第二份", requirement=None),
    )
    submit(staff_a, first)
    submit(staff_a, second)
    client = english_admin_client(reviewer)
    listing = client.get("/admin/disclosure-review/", **ADMIN)
    assert listing.status_code == 200
    assert [d.pk for d in listing.context["object_list"]] == [first.pk, second.pk]

    page = client.get(f"/admin/disclosure-review/{first.pk}/", **ADMIN)
    assert page.status_code == 200 and page.context["may_decide"]
    assert "120,000.00 yuan" in page.content.decode()
    assert client.post(f"/admin/disclosure-review/{first.pk}/", {"action": "publish"},
                       **ADMIN).status_code == 302  # fmt: skip
    first.refresh_from_db()
    assert first.status == DisclosureStatus.PUBLISHED and first.reviewed_by == reviewer

    url = f"/admin/disclosure-review/{second.pk}/"
    refused = client.post(url, {"action": "return", "return-reason": " "}, **ADMIN)
    assert refused.status_code == 400
    second.refresh_from_db()
    assert second.status == DisclosureStatus.SUBMITTED
    returned = client.post(url, {"action": "return", "return-reason": "请补充捐赠明细"}, **ADMIN)
    assert returned.status_code == 302
    second.refresh_from_db()
    assert (second.status, second.return_reason) == (DisclosureStatus.RETURNED, "请补充捐赠明细")
    again = client.post(url, {"action": "publish"}, **ADMIN)
    assert again.status_code == 409  # returned: nothing to decide


def test_staff_cannot_reach_the_reviewers_screens(client_a):
    for url in ("/admin/disclosure-review/", "/admin/disclosure-supervision/"):
        assert client_a.get(url, **ADMIN).status_code == 403


def test_the_menu_shows_each_role_its_own_screens(client_a, portal, reviewer):
    staff_page = client_a.get("/admin/", **ADMIN).content.decode()
    assert "/admin/disclosures/" in staff_page and "/admin/disclosure-review/" not in staff_page
    reviewer_page = english_admin_client(reviewer).get("/admin/", **ADMIN).content.decode()
    assert "/admin/disclosure-review/" in reviewer_page
    assert "/admin/disclosure-supervision/" in reviewer_page
    assert "/admin/disclosures/" not in reviewer_page
