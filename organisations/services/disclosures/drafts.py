"""Writing a disclosure (编写信息公开): drafts, their edits, and corrections of published ones.

Only the organisation's own staff write. A draft (or one returned for changes) is edited in
place; a submitted one is locked until a reviewer returns it, and a published one is never
changed: ``start_correction`` makes a new draft version that, once published, stands next to
the old one (更正: both stay public).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisations.models import (
    Disclosure,
    DisclosureAttachment,
    DisclosureRequirement,
    DisclosureStatus,
    Organisation,
)
from organisations.services.access import require_acts_for
from organisations.services.notices import CORRECT_ACTION, CREATE_ACTION, EDIT_ACTION

from .fields import ALL_KIND_FIELDS, KIND_FIELDS, check_fields

__all__ = [
    "AUTO",
    "EDITABLE_FIELDS",
    "FIXED_IN_CORRECTION",
    "create_draft",
    "default_requirement",
    "start_correction",
    "update_draft",
]

AUTO: Any = object()  # requirement=AUTO: the required disclosure of the kind, if there is one
EDITABLE_FIELDS = ("kind", "year", "requirement", "title", "body", *ALL_KIND_FIELDS)
# A correction corrects the content: what it is about stays the version it replaces.
FIXED_IN_CORRECTION = ("kind", "year", "requirement")
OPEN = (DisclosureStatus.DRAFT, DisclosureStatus.RETURNED)


def default_requirement(kind: str, year: int | None = None) -> DisclosureRequirement | None:
    """The required disclosure (in force) that a disclosure of ``kind`` about ``year`` fulfils."""
    found = DisclosureRequirement.objects.filter(is_active=True, kind=kind)
    if isinstance(year, int):
        found = found.filter(first_year__lte=year)
    return found.order_by("due_month", "due_day", "pk").first()


def _check_unknown(fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not a disclosure field: {', '.join(sorted(unknown))}")


def _check_requirement(disclosure: Disclosure, changed: bool) -> None:
    requirement = disclosure.requirement
    if requirement is None:
        return
    if requirement.kind != disclosure.kind:
        raise ValidationError({"requirement": _("This required disclosure is of another kind.")})
    if isinstance(disclosure.year, int) and disclosure.year < requirement.first_year:
        raise ValidationError(
            {
                "requirement": _("This disclosure is required only from %(year)s on.")
                % {"year": requirement.first_year}
            }
        )
    if changed and not requirement.is_active:
        raise ValidationError({"requirement": _("This required disclosure is no longer in force.")})
    if disclosure.supersedes_id is None:
        others = Disclosure.objects.filter(
            organisation_id=disclosure.organisation_id,
            requirement=requirement,
            year=disclosure.year,
            supersedes__isnull=True,
        ).exclude(pk=disclosure.pk)
        if others.exists():
            message = _(
                "There is already a disclosure “%(name)s” for %(year)s: edit or correct that one."
            )
            raise ValidationError(
                {"year": message % {"name": requirement.name, "year": disclosure.year}}
            )


def _save_checked(disclosure: Disclosure, requirement_changed: bool) -> None:
    check_fields(disclosure)
    _check_requirement(disclosure, requirement_changed)
    disclosure.save()


@transaction.atomic
def create_draft(user, organisation: Organisation, **fields) -> Disclosure:
    """A new draft disclosure (草稿) of ``organisation``, written by one of its staff.

    ``fields``: kind, year, title, body, the kind's structured fields (``KIND_FIELDS``) and
    ``requirement`` — by default (``AUTO``) the required disclosure in force of that kind;
    None for a voluntary disclosure. Raises ``PermissionDenied`` or a field-keyed
    ``ValidationError``; nothing is saved then.
    """
    require_acts_for(user, organisation)
    _check_unknown(fields)
    # One at a time per organisation: two drafts for one required period cannot both pass.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    requirement = fields.pop("requirement", AUTO)
    disclosure = Disclosure(
        organisation=organisation, created_by=user, status=DisclosureStatus.DRAFT, **fields
    )
    if requirement is AUTO:
        requirement = default_requirement(disclosure.kind, disclosure.year)
    disclosure.requirement = requirement
    _save_checked(disclosure, requirement_changed=True)
    log(instance=disclosure, action=CREATE_ACTION, user=user, data=_summary(disclosure))
    return disclosure


@transaction.atomic
def update_draft(user, disclosure: Disclosure, **fields) -> Disclosure:
    """Change a draft or a returned disclosure in place; returns it saved.

    A submitted one is locked until it is returned; a published one is never changed (start
    a correction instead): both raise ``ValidationError``. When the kind changes, the fields
    of the old kind that are not given are emptied.
    """
    require_acts_for(user, disclosure.organisation_id)
    _check_unknown(fields)
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if locked.status not in OPEN:
        if locked.status == DisclosureStatus.PUBLISHED:
            message = _("A published disclosure is never changed: start a correction instead.")
        else:
            message = _("This disclosure waits for review: it can be changed only if returned.")
        raise ValidationError(message, code="locked")
    if locked.supersedes_id is not None:
        fixed = [
            name
            for name in FIXED_IN_CORRECTION
            if name in fields and _value(fields[name]) != _value(getattr(locked, name))
        ]
        if fixed:
            raise ValidationError(
                {
                    name: _(
                        "A correction keeps the kind, year and required disclosure of the "
                        "version it corrects."
                    )
                    for name in fixed
                }
            )
    old_requirement = locked.requirement_id
    if fields.get("requirement") is AUTO:
        fields["requirement"] = default_requirement(
            fields.get("kind", locked.kind), fields.get("year", locked.year)
        )
    new_kind = fields.get("kind", locked.kind)
    if new_kind != locked.kind and new_kind in KIND_FIELDS:
        for name in ALL_KIND_FIELDS:
            if name not in KIND_FIELDS[new_kind] and name not in fields:
                setattr(locked, name, "" if _is_text(name) else None)
    for name, value in fields.items():
        setattr(locked, name, value)
    _save_checked(locked, requirement_changed=locked.requirement_id != old_requirement)
    log(instance=locked, action=EDIT_ACTION, user=user, data=_summary(locked))
    return locked


@transaction.atomic
def start_correction(user, published: Disclosure, reason: str) -> Disclosure:
    """A new draft version (更正) of the latest published version of a disclosure.

    It copies the content and the attachments; ``reason`` (what is corrected and why) is
    required and shown publicly next to the corrected version. One correction at a time.
    """
    require_acts_for(user, published.organisation_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is corrected and why: it is shown publicly.")})
    locked = Disclosure.objects.select_for_update().get(pk=published.pk)
    if locked.status != DisclosureStatus.PUBLISHED:
        raise ValidationError(_("Only a published disclosure is corrected: edit this one instead."))
    existing = Disclosure.objects.filter(supersedes=locked).first()
    if existing is not None:
        if existing.status == DisclosureStatus.PUBLISHED:
            raise ValidationError(
                _("This version is already corrected: correct the latest version instead.")
            )
        raise ValidationError(
            _("A correction of this disclosure is already being prepared: finish that one.")
        )
    copied = {name: getattr(locked, name) for name in KIND_FIELDS.get(locked.kind, [])}
    correction = Disclosure.objects.create(
        organisation_id=locked.organisation_id,
        kind=locked.kind,
        year=locked.year,
        requirement_id=locked.requirement_id,
        title=locked.title,
        body=locked.body,
        status=DisclosureStatus.DRAFT,
        supersedes=locked,
        version=locked.version + 1,
        correction_reason=reason,
        created_by=user,
        **copied,
    )
    DisclosureAttachment.objects.bulk_create(
        DisclosureAttachment(disclosure=correction, title=a.title, file=a.file.name, size=a.size)
        for a in locked.attachments.all()
    )
    log(
        instance=correction,
        action=CORRECT_ACTION,
        user=user,
        data={**_summary(correction), "corrects": locked.pk, "reason": reason},
    )
    return correction


def _is_text(name: str) -> bool:
    return Disclosure._meta.get_field(name).get_internal_type() in ("TextField", "CharField")


def _value(value):
    return getattr(value, "pk", value)


def _summary(disclosure: Disclosure) -> dict:
    return {
        "title": disclosure.title,
        "organisation": disclosure.organisation_id,
        "kind": disclosure.kind,
        "year": disclosure.year,
        "version": disclosure.version,
    }
