"""Who hears about a disclosure, and the audit actions recorded for it (通知与审计).

The organisation's staff hear that their disclosure was returned, published or is overdue;
the civil-affairs reviewers hear that a disclosure waits for review or is overdue. The kinds
and the audit actions are registered by ``organisations.hooks.register``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from notifications.services import notify

__all__ = [
    "ACTIONS",
    "ATTACH_ACTION",
    "CORRECT_ACTION",
    "CREATE_ACTION",
    "DETACH_ACTION",
    "EDIT_ACTION",
    "KIND_OVERDUE",
    "KIND_REVIEW",
    "OVERDUE_ACTION",
    "PUBLISH_ACTION",
    "RETURN_ACTION",
    "SUBMIT_ACTION",
    "admin_url",
    "reviewers",
    "staff_of",
    "tell",
]

KIND_REVIEW = "disclosure_review"
KIND_OVERDUE = "disclosure_overdue"

CREATE_ACTION = "jiayuan.disclosure_create"
EDIT_ACTION = "jiayuan.disclosure_edit"
ATTACH_ACTION = "jiayuan.disclosure_attach"
DETACH_ACTION = "jiayuan.disclosure_detach"
SUBMIT_ACTION = "jiayuan.disclosure_submit"
PUBLISH_ACTION = "jiayuan.disclosure_publish"
RETURN_ACTION = "jiayuan.disclosure_return"
CORRECT_ACTION = "jiayuan.disclosure_correct"
OVERDUE_ACTION = "jiayuan.disclosure_overdue"

# action → its label in the audit log
ACTIONS = {
    CREATE_ACTION: _("Create disclosure draft"),
    EDIT_ACTION: _("Edit disclosure draft"),
    ATTACH_ACTION: _("Attach a PDF to a disclosure"),
    DETACH_ACTION: _("Remove a PDF from a disclosure"),
    SUBMIT_ACTION: _("Submit disclosure for review"),
    PUBLISH_ACTION: _("Publish disclosure"),
    RETURN_ACTION: _("Return disclosure for changes"),
    CORRECT_ACTION: _("Start a correction of a published disclosure"),
    OVERDUE_ACTION: _("Flag a required disclosure as overdue"),
}


def staff_of(organisation_id: int) -> QuerySet[User]:
    """The active staff accounts of an organisation."""
    return User.objects.filter(
        is_active=True,
        role_grants__role=Role.ORGANISATION_STAFF,
        role_grants__organisation_id=organisation_id,
    ).distinct()


def reviewers() -> QuerySet[User]:
    """The active civil-affairs reviewers (民政部门审核员)."""
    return User.objects.filter(is_active=True, role_grants__role=Role.CIVIL_AFFAIRS).distinct()


def admin_url(name: str, *args) -> str:
    """The admin path of a screen (empty when the screens are not installed)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def tell(users: Iterable[User], kind: str, title: str, body: str = "", url: str = "") -> int:
    """Notify each of ``users`` once; returns how many were told."""
    told = 0
    for user in users:
        if notify(user, kind, title, body, url) is not None:
            told += 1
    return told
