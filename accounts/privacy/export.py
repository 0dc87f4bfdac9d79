"""The sections of a user's data export (个人信息导出), one exporter per section.

The accounts app registers its own sections below. Apps that store something about a user
(posts, votes, complaints) add theirs in their ``AppConfig.ready``::

    from accounts.privacy.export import register_exporter

    register_exporter("posts", lambda user: [{"title": p.title, ...} for p in ...])

An exporter gets the user and returns something ``json.dumps`` accepts (dates and times may
be left as they are: the export encodes them). It must return only the user's own data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User

Exporter = Callable[["User"], Any]
_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str, exporter: Exporter) -> Exporter:
    """Add the section ``name`` to every export; registering a name again replaces it."""
    _EXPORTERS[name] = exporter
    return exporter


def exporters() -> dict[str, Exporter]:
    return dict(_EXPORTERS)


def collect(user: User) -> dict[str, Any]:
    """Every registered section for ``user``, in registration order."""
    return {name: exporter(user) for name, exporter in _EXPORTERS.items()}


# --- the accounts app's own sections -------------------------------------------------------
# Models are imported inside the functions: this module is imported by other apps' ready().


def _profile(user: User) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "public_name": user.public_name,
        "real_name": user.real_name,
        "phone": user.phone,
        "phone_verified": user.phone_verified,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "id_number": user.id_number,
        "address": user.address,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _email_addresses(user: User) -> list[dict]:
    from allauth.account.models import EmailAddress

    return list(
        EmailAddress.objects.filter(user=user).values("email", "verified", "primary").order_by("pk")
    )


def _consents(user: User) -> list[dict]:
    consents = user.privacy_consents.order_by("accepted_at", "pk")
    return list(consents.values("policy_version", "accepted_at"))


def _residencies(user: User) -> list[dict]:
    rows = user.residencies.select_related("community", "grid").order_by("created_at", "pk")
    return [
        {
            "community": r.community.name,
            "building": r.building,
            "unit": r.unit,
            "grid": r.grid.name if r.grid else None,
            "status": r.status,
            "decision_reason": r.decision_reason,
            "approved_by_census": r.approved_by_census,
            "requested_at": r.created_at,
            "decided_at": r.decided_at,
            "ended_at": r.ended_at,
        }
        for r in rows
    ]


def _role_grants(user: User) -> list[dict]:
    rows = user.role_grants.select_related(
        "community", "organisation", "department", "subdistrict", "district"
    ).order_by("granted_at", "pk")
    return [{"role": g.role, "scope": g.scope_label, "granted_at": g.granted_at} for g in rows]


def _notifications(user: User) -> list[dict]:
    return list(
        user.notifications.order_by("created_at", "pk").values(
            "kind", "title", "body", "url", "created_at", "read_at"
        )
    )


def _notification_preferences(user: User) -> list[dict]:
    return list(user.notification_preferences.order_by("kind").values("kind", "in_site", "email"))


def _comments(user: User) -> list[dict]:
    """Comments are stored by django_comments with copies of the poster's name and email."""
    from django_comments.models import Comment

    return list(
        Comment.objects.filter(user=user)
        .order_by("submit_date", "pk")
        .values(
            "comment",
            "submit_date",
            "user_name",
            "user_email",
            "user_url",
            "ip_address",
            "is_public",
        )
    )


for _name, _exporter in (
    ("profile", _profile),
    ("email_addresses", _email_addresses),
    ("privacy_consents", _consents),
    ("residencies", _residencies),
    ("staff_roles", _role_grants),
    ("notifications", _notifications),
    ("notification_preferences", _notification_preferences),
    ("comments", _comments),
):
    register_exporter(_name, _exporter)
