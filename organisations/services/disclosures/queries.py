"""Reading disclosures (查询): the published versions of an organisation, and the history of
one disclosure through its corrections."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from organisations.models import Disclosure, DisclosureAttachment, DisclosureStatus, Organisation

__all__ = [
    "chain",
    "corrected_by",
    "history",
    "latest_version",
    "open_correction",
    "published_versions",
]


def published_versions(organisation: Organisation | int) -> QuerySet[Disclosure]:
    """Every published disclosure of ``organisation``, corrected versions included, newest
    year first (``-year, kind, -version``), with their requirement and attachments loaded.

    Each carries ``corrected_in_version``: the version number of the published correction
    that replaces it ("corrected by version N"), or None when it is the latest.
    """
    organisation_id = getattr(organisation, "pk", organisation)
    correction = Disclosure.objects.filter(
        supersedes=OuterRef("pk"), status=DisclosureStatus.PUBLISHED
    ).values("version")[:1]
    return (
        Disclosure.objects.filter(
            organisation_id=organisation_id, status=DisclosureStatus.PUBLISHED
        )
        .select_related("requirement", "supersedes")
        .annotate(corrected_in_version=Subquery(correction))
        .prefetch_related(
            Prefetch("attachments", queryset=DisclosureAttachment.objects.order_by("pk"))
        )
        .order_by("-year", "kind", "-version", "-pk")
    )


def chain(disclosure: Disclosure) -> list[Disclosure]:
    """Every version of the disclosure ``disclosure`` belongs to (any state), oldest first."""
    first = disclosure
    seen = {first.pk}
    while first.supersedes_id is not None and first.supersedes_id not in seen:
        first = Disclosure.objects.get(pk=first.supersedes_id)
        seen.add(first.pk)
    versions = [first]
    while True:
        following = Disclosure.objects.filter(supersedes_id=versions[-1].pk).first()
        if following is None or following.pk in {v.pk for v in versions}:
            return versions
        versions.append(following)


def history(disclosure: Disclosure) -> list[Disclosure]:
    """All published versions of ``disclosure``'s chain, newest first (版本历史)."""
    return [v for v in reversed(chain(disclosure)) if v.status == DisclosureStatus.PUBLISHED]


def corrected_by(disclosure: Disclosure) -> Disclosure | None:
    """The published version that corrects ``disclosure``, if any."""
    return Disclosure.objects.filter(
        supersedes_id=disclosure.pk, status=DisclosureStatus.PUBLISHED
    ).first()


def open_correction(disclosure: Disclosure) -> Disclosure | None:
    """The correction of ``disclosure`` being prepared or reviewed, if any."""
    return (
        Disclosure.objects.filter(supersedes_id=disclosure.pk)
        .exclude(status=DisclosureStatus.PUBLISHED)
        .first()
    )


def latest_version(disclosure: Disclosure) -> Disclosure:
    """The newest published version of ``disclosure``'s chain (itself when never corrected)."""
    published = history(disclosure)
    return published[0] if published else disclosure
