"""Which deliberations a staff user manages in the admin: those of the communities they edit
(every one for a city administrator)."""

from __future__ import annotations

from django.db.models import QuerySet

from communities.admin_scope import scope_to_edited
from polls.models import Deliberation

__all__ = ["scoped_deliberations"]


def scoped_deliberations(user) -> QuerySet[Deliberation]:
    found = Deliberation.objects.select_related(
        "community", "proposed_by", "category", "event", "action_item"
    )
    return scope_to_edited(found, user)
