"""The review of disclosures (审核): submitted by the organisation, published or returned by a
civil-affairs reviewer. Each step locks the disclosure, checks its state, and is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisations.models import Disclosure, DisclosureStatus
from organisations.services.access import may_publish, require_acts_for
from organisations.services.notices import (
    KIND_REVIEW,
    PUBLISH_ACTION,
    RETURN_ACTION,
    SUBMIT_ACTION,
    admin_url,
    reviewers,
    staff_of,
    tell,
)
from organisations.services.transparency import refresh_index

from .fields import check_complete, check_fields

__all__ = ["publish", "return_submission", "submit"]


def _locked(disclosure: Disclosure) -> Disclosure:
    return (
        Disclosure.objects.select_for_update(of=("self",))
        .select_related("organisation", "requirement")
        .get(pk=disclosure.pk)
    )


def _refresh(disclosure: Disclosure, locked: Disclosure) -> Disclosure:
    """Copy the saved state onto the caller's instance too, and return the saved one."""
    for field in Disclosure._meta.concrete_fields:
        setattr(disclosure, field.attname, getattr(locked, field.attname))
    return locked


@transaction.atomic
def submit(user, disclosure: Disclosure) -> Disclosure:
    """Send a draft (or a returned disclosure) to civil affairs for review (提交审核).

    Every required field of its kind must be filled (a field-keyed ``ValidationError``
    otherwise). The reviewers are told.
    """
    require_acts_for(user, disclosure.organisation_id)
    locked = _locked(disclosure)
    if locked.status not in (DisclosureStatus.DRAFT, DisclosureStatus.RETURNED):
        raise ValidationError(_("Only a draft or a returned disclosure can be submitted."))
    check_fields(locked)
    check_complete(locked)
    locked.status = DisclosureStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    log(instance=locked, action=SUBMIT_ACTION, user=user, data={"title": locked.title})
    tell(
        reviewers(),
        KIND_REVIEW,
        _("A disclosure waits for review: %(organisation)s, %(title)s")
        % {"organisation": locked.organisation.name, "title": locked.title},
        url=admin_url("organisations_review:review", locked.pk),
    )
    return _refresh(disclosure, locked)


def _require_reviewer_of(user, disclosure: Disclosure) -> None:
    if not may_publish(user, disclosure.organisation_id):
        raise PermissionDenied(
            _(
                "Only a civil-affairs reviewer who is not one of the organisation's staff may "
                "publish or return its disclosures."
            )
        )


@transaction.atomic
def publish(reviewer, disclosure: Disclosure) -> Disclosure:
    """Publish a submitted disclosure (审核通过，予以公开): it is public from now on and is
    never changed again. The organisation's transparency index is brought up to date and
    its staff are told."""
    _require_reviewer_of(reviewer, disclosure)
    locked = _locked(disclosure)
    if locked.status != DisclosureStatus.SUBMITTED:
        raise ValidationError(_("Only a disclosure submitted for review can be published."))
    if locked.supersedes_id is not None:
        corrected = Disclosure.objects.select_for_update().get(pk=locked.supersedes_id)
        if corrected.status != DisclosureStatus.PUBLISHED:  # cannot happen; never half-publish
            raise ValidationError(_("The version this corrects is not published."))
    locked.status = DisclosureStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.reviewed_by = reviewer
    locked.return_reason = ""
    locked.save(
        update_fields=["status", "published_at", "reviewed_by", "return_reason", "updated_at"]
    )
    log(
        instance=locked,
        action=PUBLISH_ACTION,
        user=reviewer,
        data={"title": locked.title, "version": locked.version},
    )
    refresh_index(locked.organisation)
    tell(
        staff_of(locked.organisation_id),
        KIND_REVIEW,
        _("Your disclosure is published: %(title)s") % {"title": locked.title},
        url=admin_url("organisations_disclosures:edit", locked.pk),
    )
    return _refresh(disclosure, locked)


@transaction.atomic
def return_submission(reviewer, disclosure: Disclosure, reason: str) -> Disclosure:
    """Return a submitted disclosure to the organisation for changes (退回修改), saying why;
    its staff are told and may edit and submit it again."""
    _require_reviewer_of(reviewer, disclosure)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what must be changed: the organisation reads it.")})
    locked = _locked(disclosure)
    if locked.status != DisclosureStatus.SUBMITTED:
        raise ValidationError(_("Only a disclosure submitted for review can be returned."))
    locked.status = DisclosureStatus.RETURNED
    locked.return_reason = reason
    locked.reviewed_by = reviewer
    locked.save(update_fields=["status", "return_reason", "reviewed_by", "updated_at"])
    log(
        instance=locked,
        action=RETURN_ACTION,
        user=reviewer,
        data={"title": locked.title, "reason": reason},
    )
    tell(
        staff_of(locked.organisation_id),
        KIND_REVIEW,
        _("Your disclosure was returned for changes: %(title)s") % {"title": locked.title},
        body=reason,
        url=admin_url("organisations_disclosures:edit", locked.pk),
    )
    return _refresh(disclosure, locked)
