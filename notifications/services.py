"""The one way to tell a user something (通知): an in-site message and, by preference, email.

Features call ``notify(user, kind, title, body, url)`` with a registered kind
(``notifications.kinds``); the user's preference for that kind decides whether the message
goes to their inbox (站内信), to their verified email address, both or neither.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.kinds import NotificationKind, all_kinds, get_kind
from notifications.models import Notification, NotificationPreference

if TYPE_CHECKING:
    from accounts.models import User

__all__ = [
    "ALL",
    "KindPreference",
    "has_verified_email",
    "mark_read",
    "notify",
    "preferences_for",
    "save_preferences",
    "unread_count",
]

ALL: Literal["all"] = "all"


def notify(
    user: "User",
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    *,
    base_url: str | None = None,
) -> Notification | None:
    """Tell ``user`` about something of ``kind``; returns the inbox message, if one was made.

    ``url`` is best a site-relative path ("/accounts/residency/"): the inbox follows only links
    to its own site. The email makes it absolute with ``base_url`` (the community's
    ``https://<slug>.<domain>`` when the caller knows it) or ``WAGTAILADMIN_BASE_URL``.
    The email is queued only when the surrounding transaction commits, so an action that
    rolls back tells nobody. Deleted and deactivated accounts are skipped.
    """
    kind_spec = get_kind(kind)
    if not user.is_active or getattr(user, "deleted_at", None) is not None:
        return None
    in_site, by_email = _wanted(user, kind_spec)
    notification = None
    if in_site:
        notification = Notification.objects.create(
            user=user, kind=kind, title=title[:200], body=body, url=url[:500]
        )
    if by_email and has_verified_email(user):
        from notifications.tasks import send_notification_email

        subject, text = _email(title, body, url, base_url)
        transaction.on_commit(partial(send_notification_email.enqueue, user.pk, subject, text))
    return notification


def unread_count(user: "User") -> int:
    """How many messages in ``user``'s inbox are unread; 0 (and no query) when signed out."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: "User", ids: Iterable[int] | Literal["all"]) -> int:
    """Mark ``user``'s messages ``ids`` (or ``ALL``) as read; others' ids are ignored."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids != ALL:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


@dataclass(frozen=True)
class KindPreference:
    """One row of the settings form: a kind and whether it goes to the inbox and by email."""

    kind: NotificationKind
    in_site: bool
    email: bool


def preferences_for(user: "User") -> list[KindPreference]:
    """Every registered kind with ``user``'s choice, or the kind's default when none saved."""
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    rows = []
    for kind in all_kinds():
        pref = saved.get(kind.code)
        if pref is None:
            rows.append(KindPreference(kind, kind.in_site_default, kind.email_default))
        else:
            rows.append(KindPreference(kind, pref.in_site, pref.email))
    return rows


@transaction.atomic
def save_preferences(user: "User", choices: dict[str, tuple[bool, bool]]) -> None:
    """Save ``{kind: (in_site, email)}`` for ``user``; unknown kinds raise ``ValueError``."""
    for code in choices:
        get_kind(code)
    for code, (in_site, email) in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=code, defaults={"in_site": in_site, "email": email}
        )


def has_verified_email(user: "User") -> bool:
    """Whether ``user.email`` is an address allauth has verified: only those get email."""
    from allauth.account.models import EmailAddress

    if not user.email:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def _wanted(user: "User", kind: NotificationKind) -> tuple[bool, bool]:
    pref = NotificationPreference.objects.filter(user=user, kind=kind.code).first()
    if pref is None:
        return kind.in_site_default, kind.email_default
    return pref.in_site, pref.email


def _email(title: str, body: str, url: str, base_url: str | None) -> tuple[str, str]:
    """Subject and plain-text body, in the language active when the action happened."""
    base = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + "/"
    site_name = str(settings.WAGTAIL_SITE_NAME)
    # Email clients show a newline in a subject as a broken header: keep it on one line.
    subject = f"[{site_name}] {' '.join(title.split())}"
    lines = [title, ""]
    if body:
        lines += [body, ""]
    if url:
        lines += [_("Open: %(url)s") % {"url": urljoin(base, url)}, ""]
    settings_url = urljoin(base, reverse("notification_settings"))
    lines += [
        "--",
        _("You can choose which messages you receive by email at %(url)s") % {"url": settings_url},
    ]
    return subject, "\n".join(lines)
