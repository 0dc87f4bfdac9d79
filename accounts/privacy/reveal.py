"""Staff access to unmasked personal information: allowed by role, and always logged.

Staff views show personal fields masked. A staff member whose role needs the real value (an
editor deciding a residency request, a handler calling a reporter back) asks for it, and
``reveal`` returns it and writes a ``jiayuan.pi_reveal`` entry to Wagtail's audit log: who
looked, at whose data, which field and when. Entries show in the admin's history reports.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import User

from .masking import mask_address, mask_email, mask_id_number, mask_name, mask_phone

PI_REVEAL_ACTION = "jiayuan.pi_reveal"

# The personal fields, and how each is masked when not revealed.
PERSONAL_FIELDS = {
    "real_name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
    "address": mask_address,
    "email": mask_email,
}


def masked(subject: User, field: str) -> str:
    return PERSONAL_FIELDS[field](getattr(subject, field) or "")


def reveal(staff: User, subject: User, field: str, *, reason: str = "") -> str:
    """The clear value of ``subject.field`` for ``staff``, logged; PermissionDenied otherwise."""
    from accounts.services.roles import may_see_personal_information

    if field not in PERSONAL_FIELDS:
        raise ValueError(f"{field!r} is not a personal field")
    if not may_see_personal_information(staff, subject):
        raise PermissionDenied(_("Your role does not allow you to see this person's details."))
    log(
        instance=subject,
        action=PI_REVEAL_ACTION,
        user=staff,
        title=subject.public_name,
        data={"field": field, "reason": reason[:200]},
    )
    return getattr(subject, field) or ""
