"""Disclosures through their services: who writes, who reviews, and that a published version
is never changed (corrections are new versions and the old one stays public)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from accounts.models import Role
from accounts.services.roles import grant_role
from notifications.models import Notification
from organisations.models import Disclosure, DisclosureStatus
from organisations.services.disclosures import (
    create_draft,
    history,
    publish,
    published_versions,
    return_submission,
    start_correction,
    submit,
    update_draft,
)
from tests.conftest import said

FIGURES = {
    "total_income": Decimal("120000"),
    "total_expenditure": Decimal("98000"),
    "net_assets": Decimal("45000"),
}


def financial(staff, organisation, **extra):
    fields = {"kind": "financial", "year": 2025, "title": "2025年度财务报告", **FIGURES, **extra}
    return create_draft(staff, organisation, **fields)


def published(staff, reviewer, organisation, **extra):
    disclosure = financial(staff, organisation, **extra)
    submit(staff, disclosure)
    return publish(reviewer, disclosure)


def test_staff_write_submit_and_a_reviewer_publishes(staff_a, org_a, reviewer, annual_report):
    draft = financial(staff_a, org_a, donations_received=Decimal("5000"))
    assert draft.status == DisclosureStatus.DRAFT
    assert draft.requirement == annual_report  # the required one of its kind, linked
    submit(staff_a, draft)
    assert draft.status == DisclosureStatus.SUBMITTED
    assert Notification.objects.filter(user=reviewer, kind="disclosure_review").exists()
    publish(reviewer, draft)
    draft.refresh_from_db()
    assert draft.status == DisclosureStatus.PUBLISHED
    assert draft.published_at is not None and draft.reviewed_by == reviewer
    assert Notification.objects.filter(user=staff_a, kind="disclosure_review").exists()
    assert list(published_versions(org_a)) == [draft]
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(draft.pk)).values_list("action", flat=True)
    )
    assert {"jiayuan.disclosure_create", "jiayuan.disclosure_submit",
            "jiayuan.disclosure_publish"} <= actions  # fmt: skip
    org_a.refresh_from_db()
    assert org_a.transparency_computed_on is not None  # the index is refreshed on publication


def test_staff_of_a_cannot_write_edit_submit_or_publish_for_b(staff_a, staff_b, org_b, reviewer):
    with pytest.raises(PermissionDenied):
        financial(staff_a, org_b)
    draft = financial(staff_b, org_b)
    with pytest.raises(PermissionDenied):
        update_draft(staff_a, draft, title="改掉")
    with pytest.raises(PermissionDenied):
        submit(staff_a, draft)
    submit(staff_b, draft)
    with pytest.raises(PermissionDenied):
        publish(staff_a, draft)
    with pytest.raises(PermissionDenied):
        publish(staff_b, draft)  # not even its own staff publish
    draft.refresh_from_db()
    assert draft.status == DisclosureStatus.SUBMITTED and draft.title == "2025年度财务报告"


def test_a_reviewer_who_is_also_the_organisations_staff_cannot_publish_it(
    superuser, staff_a, org_a, reviewer
):
    grant_role(superuser, staff_a, Role.CIVIL_AFFAIRS)
    draft = financial(staff_a, org_a)
    submit(staff_a, draft)
    with pytest.raises(PermissionDenied):
        publish(staff_a, draft)
    publish(reviewer, draft)


def test_a_reviewer_returns_with_a_reason_and_the_staff_resubmit(staff_a, org_a, reviewer):
    draft = financial(staff_a, org_a)
    submit(staff_a, draft)
    with pytest.raises(ValidationError) as refused:
        return_submission(reviewer, draft, "  ")
    assert "reason" in refused.value.message_dict
    return_submission(reviewer, draft, "捐赠收入与明细不符，请核对。")
    draft.refresh_from_db()
    assert draft.status == DisclosureStatus.RETURNED
    assert draft.return_reason == "捐赠收入与明细不符，请核对。"
    told = Notification.objects.get(user=staff_a, kind="disclosure_review")
    assert told.body == "捐赠收入与明细不符，请核对。"
    update_draft(staff_a, draft, donations_received=Decimal("3000"))
    submit(staff_a, draft)
    assert draft.status == DisclosureStatus.SUBMITTED
    with pytest.raises(ValidationError):
        publish(reviewer, financial(staff_a, org_a, title="另一份"))  # a draft: not submitted


def test_a_submitted_disclosure_is_locked_and_a_published_one_is_never_edited(
    staff_a, org_a, reviewer
):
    draft = financial(staff_a, org_a)
    submit(staff_a, draft)
    with pytest.raises(ValidationError):
        update_draft(staff_a, draft, title="提交后修改")
    publish(reviewer, draft)
    with pytest.raises(ValidationError) as refused:
        update_draft(staff_a, draft, total_income=Decimal("1"))
    assert refused.value.messages == [
        said("A published disclosure is never changed: start a correction instead.")
    ]
    draft.refresh_from_db()
    assert draft.total_income == Decimal("120000") and draft.title == "2025年度财务报告"


def test_a_correction_is_a_new_version_and_both_stay_public(staff_a, org_a, reviewer):
    first = published(staff_a, reviewer, org_a, donations_received=Decimal("5000"))
    with pytest.raises(ValidationError) as no_reason:
        start_correction(staff_a, first, "")
    assert "reason" in no_reason.value.message_dict
    correction = start_correction(staff_a, first, "净资产数字录入错误")
    assert (correction.version, correction.supersedes, correction.status) == (
        2, first, DisclosureStatus.DRAFT,
    )  # fmt: skip
    assert correction.donations_received == Decimal("5000")
    with pytest.raises(ValidationError):
        start_correction(staff_a, first, "再改一次")  # one correction at a time
    with pytest.raises(ValidationError):
        update_draft(staff_a, correction, year=2024)  # a correction corrects content only
    update_draft(staff_a, correction, net_assets=Decimal("54000"))
    submit(staff_a, correction)
    publish(reviewer, correction)

    public = list(published_versions(org_a))
    assert public == [correction, first]
    assert public[1].corrected_in_version == 2 and public[0].corrected_in_version is None
    assert history(first) == [correction, first] == history(correction)
    first.refresh_from_db()
    assert first.net_assets == Decimal("45000") and first.is_published
    with pytest.raises(ValidationError):
        start_correction(staff_a, first, "只能更正最新版本")
    assert start_correction(staff_a, correction, "第二次更正").version == 3


def test_fields_are_checked_by_kind(staff_a, org_a):
    with pytest.raises(ValidationError) as refused:
        create_draft(
            staff_a, org_a, kind="financial", year=1999, title="",
            total_income=Decimal("-1"), place="会议室",
        )  # fmt: skip
    errors = refused.value.message_dict
    assert {"year", "title", "total_income", "place"} <= set(errors)
    with pytest.raises(ValidationError) as dates:
        create_draft(
            staff_a, org_a, kind="activity", year=2025, title="重阳敬老活动",
            started_on="2025-10-29", ended_on="2025-10-28",
        )  # fmt: skip
    assert "ended_on" in dates.value.message_dict
    assert not Disclosure.objects.exists()
    negative = financial(staff_a, org_a, net_assets=Decimal("-200"))  # liabilities > assets
    assert negative.net_assets == Decimal("-200")


def test_submitting_needs_the_required_fields_of_the_kind(staff_a, org_a):
    draft = create_draft(staff_a, org_a, kind="financial", year=2025, title="2025年度财务报告")
    with pytest.raises(ValidationError) as refused:
        submit(staff_a, draft)
    assert set(refused.value.message_dict) == {"total_income", "total_expenditure", "net_assets"}
    draft.refresh_from_db()
    assert draft.status == DisclosureStatus.DRAFT


def test_one_disclosure_per_required_period(staff_a, org_a, annual_report):
    financial(staff_a, org_a)
    with pytest.raises(ValidationError) as refused:
        financial(staff_a, org_a, title="重复的年度报告")
    assert "year" in refused.value.message_dict
    voluntary = financial(staff_a, org_a, title="季度收支公示", requirement=None)
    assert voluntary.requirement is None


def test_changing_the_kind_of_a_draft_empties_the_old_kinds_fields(staff_a, org_a):
    draft = financial(staff_a, org_a)
    changed = update_draft(staff_a, draft, kind="activity", place="社区广场", participants=80)
    assert changed.total_income is None and changed.place == "社区广场"
