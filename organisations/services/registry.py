"""The registry of social organisations (社会组织登记): city administrators keep it.

The admin's organisation screen saves through Wagtail's model form (which runs the same
model validation); imports, the demo and tests use ``save_organisation``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Community
from organisations.models import Organisation

from .access import keeps_registry

__all__ = ["REGISTRY_FIELDS", "require_registry_keeper", "save_organisation"]

REGISTRY_FIELDS = (
    "name", "name_en", "credit_code", "organisation_type", "registration_authority",
    "founded_on", "summary", "summary_en", "office_address", "office_phone", "is_active",
)  # fmt: skip


def require_registry_keeper(user) -> None:
    if not keeps_registry(user):
        raise PermissionDenied(_("Only a city administrator keeps the registry of organisations."))


@transaction.atomic
def save_organisation(
    user,
    organisation: Organisation | None = None,
    *,
    communities: Iterable[Community] | None = None,
    **fields,
) -> Organisation:
    """Register a new organisation (``organisation`` None) or change one; returns it saved.

    The unified social credit code (统一社会信用代码) must be valid and unique: a
    ``ValidationError`` on ``credit_code`` says so, and nothing is saved.
    """
    require_registry_keeper(user)
    unknown = set(fields) - set(REGISTRY_FIELDS)
    if unknown:
        raise TypeError(f"Not a registry field: {', '.join(sorted(unknown))}")
    organisation = organisation or Organisation()
    if "credit_code" in fields:
        fields["credit_code"] = (fields["credit_code"] or "").strip().upper()
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if communities is not None:
        organisation.communities.set(communities)
    return organisation
