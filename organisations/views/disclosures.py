"""A published disclosure (信息公开) as the public reads it, and its PDF attachments.

Only published versions exist for the public: a draft, a submission or a returned one answers
404 to everyone here, the organisation's own staff included (they see theirs in the admin).
Every published version stays readable; an old one says which version corrected it.
"""

from __future__ import annotations

import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from communities.scope import community_for_request
from organisations.forms import QuestionForm
from organisations.models import Disclosure, DisclosureAttachment, DisclosureStatus
from organisations.services.disclosures import KIND_FIELDS, history
from themes.shortcuts import render_themed

from .common import field_rows
from .organisation import question_context

__all__ = ["attachment", "disclosure_detail", "disclosure_page", "safe_filename"]

PUBLISHED = DisclosureStatus.PUBLISHED
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')


def disclosure_detail(request: HttpRequest, pk: int, disclosure_pk: int) -> HttpResponse:
    """One published version of a disclosure of organisation ``pk``, with its history."""
    disclosure = get_object_or_404(
        Disclosure.objects.select_related("organisation", "requirement"),
        pk=disclosure_pk,
        organisation_id=pk,
        status=PUBLISHED,
    )
    return disclosure_page(request, disclosure)


def disclosure_page(
    request: HttpRequest,
    disclosure: Disclosure,
    form: QuestionForm | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The page of a published ``disclosure`` (with a question form in error, if any)."""
    organisation = disclosure.organisation
    pk = organisation.pk
    versions = [v for v in history(disclosure) if v.status == PUBLISHED]
    if disclosure.pk not in {v.pk for v in versions}:
        versions.append(disclosure)
        versions.sort(key=lambda v: v.version, reverse=True)
    latest = versions[0]
    for version in versions:
        version.url = reverse("social_organisations:disclosure", args=[pk, version.pk])
    attachments = list(disclosure.attachments.all())
    for item in attachments:
        item.url = reverse("social_organisations:attachment", args=[item.pk])
    return render_themed(
        request,
        "organisations/disclosure.html",
        {
            "community": community_for_request(request),
            "organisation": organisation,
            "disclosure": disclosure,
            "fields": field_rows(disclosure, KIND_FIELDS.get(disclosure.kind, [])),
            "attachments": attachments,
            "versions": versions,
            "latest": latest if latest.pk != disclosure.pk else None,
            "organisation_url": reverse("social_organisations:detail", args=[pk]),
            **question_context(request, organisation, form, disclosure=disclosure),
        },
        status=status,
    )


def safe_filename(title: str, pk: int) -> str:
    """A file name for the browser: the title without path, quote or control characters."""
    stem = " ".join(_UNSAFE.sub(" ", title or "").split()).strip(". ")[:80]
    stem = re.sub(r"\.pdf$", "", stem, flags=re.IGNORECASE) or f"attachment-{pk}"
    return f"{stem}.pdf"


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A published disclosure's PDF, shown in the browser; 404 until it is published."""
    item = get_object_or_404(
        DisclosureAttachment.objects.select_related("disclosure"),
        pk=pk,
        disclosure__status=PUBLISHED,
    )
    try:
        handle = item.file.open("rb")
    except (OSError, ValueError) as missing:  # gone from storage, or no file at all
        raise Http404 from missing
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=False,
        filename=safe_filename(item.title, item.pk),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
