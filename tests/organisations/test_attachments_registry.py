"""PDF attachments (only real PDFs of at most 10 MB, only on drafts) and the registry
service (a clear message for an invalid unified social credit code)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.factories import OrganisationFactory, credit_code
from organisations.models import DisclosureAttachment, Organisation
from organisations.services import attachments
from organisations.services.disclosures import (
    add_attachment,
    create_draft,
    publish,
    start_correction,
    submit,
)
from organisations.services.registry import save_organisation
from tests.conftest import changed_tables, database_rows, said

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def draft(staff_a, org_a):
    return create_draft(
        staff_a, org_a, kind="financial", year=2025, title="2025年度财务报告",
        total_income=Decimal("1"), total_expenditure=Decimal("1"), net_assets=Decimal("0"),
    )  # fmt: skip


def test_a_pdf_is_stored_under_a_random_name(staff_a, draft):
    attachment = add_attachment(staff_a, draft, "审计报告", pdf("审计报告 2025.pdf"))
    assert attachment.size == len(PDF)
    assert attachment.file.name.startswith("disclosures/")
    assert "审计报告" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert attachment.file.read() == PDF


NOT_A_PDF = "This file is not a PDF, even though its name ends in .pdf."


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("report.docx"), "Only PDF files can be attached: save the document as PDF first."),
        (pdf("report.pdf", b"PK\x03\x04 a word file"), NOT_A_PDF),
        (pdf("report.pdf", b""), NOT_A_PDF),
    ],
)
def test_anything_but_a_pdf_is_refused_and_nothing_is_saved(staff_a, draft, upload, message):
    before = database_rows()
    with pytest.raises(ValidationError) as refused:
        add_attachment(staff_a, draft, "附件", upload)
    assert refused.value.message_dict["file"] == [said(message)]
    assert changed_tables(before, database_rows()) == {}


def test_a_pdf_over_10_mb_is_refused(staff_a, draft, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_PDF_BYTES", 1024)
    with pytest.raises(ValidationError) as refused:
        add_attachment(staff_a, draft, "附件", pdf(content=PDF + b"0" * 2000))
    too_large = "This file is larger than %(mb)s MB: attach a smaller PDF."
    assert refused.value.message_dict["file"] == [said(too_large, mb=0)]  # 1 KB: "0 MB"
    assert not DisclosureAttachment.objects.exists()


def test_only_staff_attach_and_only_to_drafts(staff_a, staff_b, reviewer, draft):
    with pytest.raises(PermissionDenied):
        add_attachment(staff_b, draft, "附件", pdf())
    add_attachment(staff_a, draft, "审计报告", pdf())
    submit(staff_a, draft)
    with pytest.raises(ValidationError):
        add_attachment(staff_a, draft, "迟到的附件", pdf())
    publish(reviewer, draft)
    correction = start_correction(staff_a, draft, "补充附件")
    assert [a.title for a in correction.attachments.all()] == ["审计报告"]  # copied
    add_attachment(staff_a, correction, "补充说明", pdf())
    assert draft.attachments.count() == 1  # the published version keeps its own


def test_the_registry_refuses_an_invalid_credit_code_with_a_clear_message(city_admin_user):
    with pytest.raises(ValidationError) as refused:
        save_organisation(
            city_admin_user, name="花果山志愿者协会", credit_code="51440300MJL1234567"
        )
    message = refused.value.message_dict["credit_code"][0]
    assert message == said(
        "This is not a valid unified social credit code: it has 18 characters "
        "(digits and capital letters) and its last one is a check character. "
        "Copy it from the registration certificate."
    )
    assert not Organisation.objects.exists()
    saved = save_organisation(
        city_admin_user, name="花果山志愿者协会", credit_code=credit_code(7).lower()
    )
    assert saved.credit_code == credit_code(7)


def test_only_city_administrators_keep_the_registry(staff_a, reviewer, org_a):
    for user in (staff_a, reviewer):
        with pytest.raises(PermissionDenied):
            save_organisation(user, org_a, name="改名")


def test_factories_make_valid_credit_codes(db):
    for _n in range(3):
        OrganisationFactory().full_clean()
