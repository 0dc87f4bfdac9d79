"""The kinds of notification (通知类型) a user can hear about, each with its own preferences.

Every feature that tells people something registers its kind once, at import time of its app
(in ``AppConfig.ready`` or a module imported from it)::

    from notifications.kinds import register_kind

    register_kind("poll", _("Polls I voted in"), _("When a poll closes."), email_default=False)

and then calls ``notifications.services.notify(user, "poll", ...)``. "My account → notification
settings" lists every registered kind, so a new kind needs no change here.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["NotificationKind", "all_kinds", "get_kind", "register_kind"]

# Kind codes are stored in Notification.kind and NotificationPreference.kind (40 characters).
_CODE = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str | Promise
    description: str | Promise = ""
    email_default: bool = True
    # Nobody has asked to turn the inbox off by default; the field keeps the two symmetric.
    in_site_default: bool = True


_KINDS: dict[str, NotificationKind] = {}


def register_kind(
    code: str,
    label: str | Promise,
    description: str | Promise = "",
    email_default: bool = True,
) -> NotificationKind:
    """Add (or replace, when an app is reloaded) a kind of notification; returns it."""
    if not _CODE.match(code):
        raise ValueError(f"Invalid notification kind code {code!r}: use [a-z0-9_.-], ≤ 40.")
    kind = NotificationKind(code, label, description, email_default)
    _KINDS[code] = kind
    return kind


def get_kind(code: str) -> NotificationKind:
    """The registered kind ``code``; ``ValueError`` when no app registered it."""
    try:
        return _KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown notification kind {code!r}: register it first.") from None


def all_kinds() -> list[NotificationKind]:
    """Every registered kind, in registration order (built-in kinds first)."""
    return list(_KINDS.values())


register_kind(
    "residency",
    _("Residency decisions"),
    _("When your request to be a verified resident is approved or not approved."),
)
register_kind(
    "account",
    _("Account and security"),
    _("Changes to your account, such as a new phone number or email address."),
)
