"""Consent, export and erasure of a user's personal information (PIPL, 个人信息保护法)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from accounts.models import PrivacyConsent, Residency, ResidencyStatus, SmsMessage, User
from accounts.privacy.export import collect

DATA_EXPORT_ACTION = "jiayuan.data_export"
ACCOUNT_DELETE_ACTION = "jiayuan.account_delete"
EXPORT_FORMAT_VERSION = 1


def record_consent(user: User, version: str | None = None) -> PrivacyConsent:
    """Record that ``user`` accepted the privacy policy ``version`` (the current one by default)."""
    return PrivacyConsent.objects.create(
        user=user, policy_version=version or settings.PRIVACY_POLICY_VERSION
    )


# --- export (个人信息导出) ------------------------------------------------------------------


def export_filename(when: datetime | None = None) -> str:
    return f"jiayuan-my-data-{timezone.localdate(when or timezone.now()).isoformat()}.json"


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the site holds about ``user``, personal fields in clear (it is their data):
    the accounts sections and every section other apps registered. Logged, without content."""
    data = {
        "format": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now(),
        **collect(user),
    }
    log(
        instance=user,
        action=DATA_EXPORT_ACTION,
        user=user,
        title=user.public_name,
        data={"sections": [name for name in data if name not in ("format", "exported_at")]},
    )
    return data


# --- account deletion (注销账号) ------------------------------------------------------------

AccountEraser = Callable[[User], None]
_ERASERS: list[AccountEraser] = []


def register_account_eraser(eraser: AccountEraser) -> AccountEraser:
    """Add a step to account deletion, for apps that keep copies of personal information.

    ``eraser(user)`` runs inside the deletion's transaction, before the user's own fields
    are erased; it must keep records others rely on (posts, events) and blank only the
    personal parts. Register it in ``AppConfig.ready``; usable as a decorator.
    """
    if eraser not in _ERASERS:
        _ERASERS.append(eraser)
    return eraser


def _erase_comments(user: User) -> int:
    """django_comments stores the poster's name, email, URL and IP address on every comment;
    the comments themselves stay, shown as the deleted user's."""
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment

    XtdComment.objects.filter(user=user).update(followup=False)  # no more reply emails
    return Comment.objects.filter(user=user).update(
        user_name="", user_email="", user_url="", ip_address=None
    )


def _end_residencies(user: User, now: datetime) -> None:
    residencies = Residency.objects.filter(user=user)
    residencies.filter(status=ResidencyStatus.APPROVED).update(
        status=ResidencyStatus.ENDED, ended_at=now
    )
    residencies.filter(status=ResidencyStatus.PENDING).update(
        status=ResidencyStatus.WITHDRAWN, ended_at=now
    )
    # Building and unit are an address. The census list is hashed and stays.
    residencies.update(building="", unit="")


def _end_sessions(user: User) -> None:
    """Delete the user's sessions where they can be found.

    With database-backed sessions (the default) the unexpired ones are decoded and the
    user's deleted: a scan of the live sessions, acceptable for a rare action. With other
    engines the sessions die on their next request anyway: Django drops a session whose user
    is inactive or whose password hash changed, and both happen here.
    """
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return
    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            store(session_key=session.session_key).delete()


def _erase_notifications(user: User) -> None:
    from notifications.models import Notification, NotificationPreference

    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()


def _erase_wagtail_profile(user: User) -> None:
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=user).delete()  # avatar, language, timezone


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete ``user``'s account (注销账号): erase their personal information for good.

    The user row stays, so posts, comments, events and votes keep their author and show
    "Deleted user"; the privacy consents stay as evidence. Everything personal goes: the
    profile fields, email addresses, copies on comments and text messages, residency
    addresses, roles, notifications and sessions. Cannot be undone. Logged without any
    personal information.
    """
    from allauth.account.models import EmailAddress

    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.deleted_at is not None:
        return
    now = timezone.now()
    deleted_name = f"deleted-{locked.pk}"
    for eraser in _ERASERS:
        eraser(locked)
    if locked.phone:
        SmsMessage.objects.filter(phone=locked.phone).delete()
    EmailAddress.objects.filter(user=locked).delete()
    comments = _erase_comments(locked)
    _end_residencies(locked, now)
    roles = locked.role_grants.count()
    locked.role_grants.all().delete()
    locked.groups.clear()
    locked.user_permissions.clear()
    _erase_notifications(locked)
    _erase_wagtail_profile(locked)
    # Audit entries about this account carry its username as their label; keep the entries.
    ModelLogEntry.objects.for_instance(locked).update(label=deleted_name)

    for field in ("real_name", "id_number", "address", "email", "first_name", "last_name"):
        setattr(locked, field, "")
    locked.display_name = ""
    locked.phone = None
    locked.phone_verified = False
    locked.username = deleted_name
    locked.set_unusable_password()
    locked.is_active = locked.is_staff = locked.is_superuser = False
    locked.deleted_at = now
    locked.save()
    _end_sessions(locked)
    log(
        instance=locked,
        action=ACCOUNT_DELETE_ACTION,
        user=locked,
        title=deleted_name,
        data={"comments_anonymised": comments, "roles_removed": roles},
    )
    user.refresh_from_db()  # the caller's object shows the erased state too
