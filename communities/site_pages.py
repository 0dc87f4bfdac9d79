"""The standard pages of a community's site (its forum, polls, "I have something to say"…),
found from the community alone: for links in notifications and services, with no request."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page

from portal.models.base import subtree_q

__all__ = ["community_page"]


def community_page[P: Page](community_id: int, model: type[P]) -> P | None:
    """The community's live page of type ``model`` — a child of its site's root page — in the
    site's default language, or None (two queries)."""
    root_path = (
        Page.objects.filter(sites_rooted_here__community__id=community_id)
        .values_list("path", flat=True)
        .first()
    )
    if root_path is None:
        return None
    return (
        model.objects.live()
        .filter(
            subtree_q(root_path, len(root_path) // Page.steplen, children_only=True),
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .first()
    )
