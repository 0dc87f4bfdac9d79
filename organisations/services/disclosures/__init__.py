"""Disclosures of social organisations (信息公开): what each kind holds, writing and
correcting them, their review, and reading the published versions."""

from organisations.services.attachments import add_attachment, remove_attachment, validate_pdf

from .drafts import AUTO, create_draft, default_requirement, start_correction, update_draft
from .fields import ALL_KIND_FIELDS, KIND_FIELDS, REQUIRED_FIELDS, check_complete, check_fields
from .queries import (
    chain,
    corrected_by,
    history,
    latest_version,
    open_correction,
    published_versions,
)
from .workflow import publish, return_submission, submit

__all__ = [
    "ALL_KIND_FIELDS",
    "AUTO",
    "KIND_FIELDS",
    "REQUIRED_FIELDS",
    "add_attachment",
    "chain",
    "check_complete",
    "check_fields",
    "corrected_by",
    "create_draft",
    "default_requirement",
    "history",
    "latest_version",
    "open_correction",
    "publish",
    "published_versions",
    "remove_attachment",
    "return_submission",
    "start_correction",
    "submit",
    "update_draft",
    "validate_pdf",
]
