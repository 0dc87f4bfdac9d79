"""Masked forms of personal information (个人信息脱敏) for public pages and staff views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from accounts.models import User


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; the family name alone says little."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str) -> str:
    """+8613812345678 → 138****5678: enough for the owner to recognise, not to call."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_id_number(value: str) -> str:
    """440305199001011234 → 4403**********1234."""
    value = (value or "").strip()
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_address(value: str) -> str:
    """Keep the first few characters (the estate), hide the building and room."""
    value = (value or "").strip()
    if not value:
        return ""
    keep = min(4, max(len(value) // 3, 1))
    return value[:keep] + "****"


def mask_email(value: str) -> str:
    local, _sep, domain = (value or "").partition("@")
    if not domain:
        return mask_name(value)
    return f"{local[:1]}***@{domain}"


def public_name_for(user: User | None) -> str:
    """What a public page calls this person: the display name, or a neutral label.

    Never the real name, phone number or email address, even masked: a masked real name
    next to a building number is still identifying.
    """
    if user is None:
        return _("Anonymous")
    if user.deleted_at is not None:
        return _("Deleted user")
    if user.display_name:
        return user.display_name
    return _("Resident %(number)s") % {"number": user.pk}
