"""``{% author user community %}``: a poster's public name and, if earned, the resident badge."""

from collections.abc import Collection

from django import template

from accounts.privacy.masking import public_name_for
from accounts.services.residency import is_verified_resident

register = template.Library()


@register.inclusion_tag("accounts/includes/author.html")
def author(user, community=None, verified_ids: Collection[int] | None = None) -> dict:
    """The public name (never the real name or phone) and a "verified resident" badge when
    ``user`` is a verified resident of ``community``.

    In a list, pass ``verified_ids`` from ``verified_resident_ids(community, ids)`` (one query
    for the page); without it each call asks the database once.
    """
    deleted = user is None or user.deleted_at is not None
    verified = False
    if not deleted and community is not None:
        if verified_ids is not None:
            verified = user.pk in verified_ids
        else:
            verified = is_verified_resident(user, community)
    return {"name": public_name_for(user), "verified": verified}
