"""What a community to provision is, and the checks every spec passes before any write.

Shared by the CSV import, the admin's provisioning form and the provisioning service itself.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from communities.models import Community, Subdistrict

# A DNS label: the slug is the first part of the site's host name.
SLUG_PATTERN = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
MAX_GRIDS_PER_COMMUNITY = 200
NAME_MAX_LENGTH = Community._meta.get_field("name").max_length
SUBDISTRICT_MAX_LENGTH = Subdistrict._meta.get_field("name").max_length


class ProvisioningError(Exception):
    """A community cannot be provisioned as asked; nothing has been written for it.

    ``field`` names the spec field at fault when there is one, so a form can show the
    message next to it.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CommunitySpec:
    district: str
    subdistrict: str
    name: str
    slug: str = ""
    grids: int = 0
    # The CSV line this spec came from, so errors found while writing can name it.
    row: int | None = field(default=None, compare=False)


def check_spec(spec: CommunitySpec) -> None:
    """Refuse a spec no caller should get past its own validation (CSV, admin form, code)."""
    for field_name, value, limit in (
        ("subdistrict", spec.subdistrict, SUBDISTRICT_MAX_LENGTH),
        ("name", spec.name, NAME_MAX_LENGTH),
    ):
        if not value.strip():
            raise ProvisioningError(_("The %s is empty.") % field_name, field=field_name)
        if len(value) > limit:
            raise ProvisioningError(
                _("The %(field)s is longer than %(limit)d characters.")
                % {"field": field_name, "limit": limit},
                field=field_name,
            )
    if spec.slug and not SLUG_PATTERN.match(spec.slug):
        raise ProvisioningError(
            _("The slug “%s” may use only a-z, 0-9 and inner hyphens (at most 63).") % spec.slug,
            field="slug",
        )
    if not 0 <= spec.grids <= MAX_GRIDS_PER_COMMUNITY:
        raise ProvisioningError(
            _("Grids must be a whole number from 0 to %d.") % MAX_GRIDS_PER_COMMUNITY,
            field="grids",
        )
