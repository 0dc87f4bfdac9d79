"""Which deliberations a staff user manages in the admin: those of the communities they edit
(every one for a city administrator)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.services.roles import staff_scope
from polls.models import Deliberation

__all__ = ["edited_ids", "scoped_deliberations"]


def edited_ids(user) -> frozenset[int] | None:
    """Ids of the communities ``user`` edits; None for a city administrator (all)."""
    scope = staff_scope(user)
    return None if scope.is_city_admin else scope.edited_community_ids


def scoped_deliberations(user) -> QuerySet[Deliberation]:
    ids = edited_ids(user)
    found = Deliberation.objects.select_related(
        "community", "proposed_by", "category", "event", "action_item"
    )
    return found if ids is None else found.filter(community_id__in=ids)
