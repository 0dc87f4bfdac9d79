"""The PDFs attached to disclosures, as the admin serves them: to the organisation's staff
and to civil-affairs reviewers, whatever the disclosure's state (the public sees them only
once published, on the public pages)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from organisations.models import DisclosureAttachment
from organisations.services.access import acts_for, reviews_disclosures

__all__ = ["attachment_file"]


def attachment_file(request, pk: int) -> FileResponse:
    attachment = DisclosureAttachment.objects.select_related("disclosure").filter(pk=pk).first()
    if attachment is None or not (
        acts_for(request.user, attachment.disclosure.organisation_id)
        or reviews_disclosures(request.user)
    ):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, content_type="application/pdf", filename=f"{attachment.title}.pdf")
