"""PDF attachments of disclosures (附件): checked, stored under a random name, and added or
removed only while the disclosure is a draft or returned for changes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisations.models import Disclosure, DisclosureAttachment, DisclosureStatus

from .access import require_acts_for
from .notices import ATTACH_ACTION, DETACH_ACTION

__all__ = [
    "MAX_PDF_BYTES",
    "add_attachment",
    "remove_attachment",
    "validate_pdf",
]

MAX_PDF_BYTES = getattr(settings, "DISCLOSURE_PDF_MAX_BYTES", 10 * 1024 * 1024)
PDF_MAGIC = b"%PDF-"
OPEN = (DisclosureStatus.DRAFT, DisclosureStatus.RETURNED)


def validate_pdf(uploaded_file: UploadedFile | None) -> None:
    """Raise ``ValidationError`` (on "file") unless this is a PDF of at most 10 MB: its name
    ends in .pdf and its content starts as a PDF does."""
    if uploaded_file is None:
        raise ValidationError({"file": _("Choose a PDF file to attach.")})
    name = (uploaded_file.name or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(
            {"file": _("Only PDF files can be attached: save the document as PDF first.")}
        )
    if uploaded_file.size is None or uploaded_file.size > MAX_PDF_BYTES:
        raise ValidationError(
            {
                "file": _("This file is larger than %(mb)s MB: attach a smaller PDF.")
                % {"mb": MAX_PDF_BYTES // (1024 * 1024)}
            }
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(1024)
    uploaded_file.seek(0)
    if not head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(PDF_MAGIC):
        raise ValidationError(
            {"file": _("This file is not a PDF, even though its name ends in .pdf.")}
        )


def add_attachment(
    user, disclosure: Disclosure, title: str, uploaded_file: UploadedFile
) -> DisclosureAttachment:
    """Attach a PDF to a draft or returned disclosure; ``PermissionDenied`` or
    ``ValidationError`` otherwise, and nothing is stored."""
    require_acts_for(user, disclosure.organisation_id)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the attachment a title.")})
    if len(title) > DisclosureAttachment._meta.get_field("title").max_length:
        raise ValidationError({"title": _("The title is too long.")})
    validate_pdf(uploaded_file)
    stored_name = ""
    try:
        with transaction.atomic():
            locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
            if locked.status not in OPEN:
                raise ValidationError(
                    _(
                        "Attachments can be added only while the disclosure is a draft or "
                        "returned for changes."
                    )
                )
            attachment = DisclosureAttachment(
                disclosure=locked, title=title, size=uploaded_file.size
            )
            attachment.file.save(f"{secrets.token_hex(16)}.pdf", uploaded_file, save=False)
            stored_name = attachment.file.name
            attachment.save()
            log(
                instance=locked,
                action=ATTACH_ACTION,
                user=user,
                data={"attachment": title, "size": attachment.size},
            )
    except Exception:
        if stored_name:
            DisclosureAttachment._meta.get_field("file").storage.delete(stored_name)
        raise
    return attachment


@transaction.atomic
def remove_attachment(user, attachment: DisclosureAttachment) -> None:
    """Take a PDF off a draft or returned disclosure. The file stays: an earlier published
    version may share it."""
    disclosure = Disclosure.objects.select_for_update().get(pk=attachment.disclosure_id)
    require_acts_for(user, disclosure.organisation_id)
    if disclosure.status not in OPEN:
        raise ValidationError(
            _("Attachments can be removed only while the disclosure is a draft or returned.")
        )
    log(instance=disclosure, action=DETACH_ACTION, user=user, data={"attachment": attachment.title})
    attachment.delete()
