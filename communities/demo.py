"""The demo city: the reference city's districts with generated community names."""

import random

from .naming import community_slug
from .services.divisions import read_divisions
from .services.provisioning import CommunitySpec

REFERENCE_COMMUNITIES = 673
REFERENCE_GRIDS = 15_000


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if n < extra else 0) for n in range(parts)]


def demo_specs(
    communities: int = REFERENCE_COMMUNITIES, grids: int = REFERENCE_GRIDS, seed: int = 2013
) -> list[CommunitySpec]:
    """``communities`` specs spread over every district (round robin), carrying ``grids``.

    Deterministic for a given seed, so re-running the seed finds the same communities.
    """
    data = read_divisions()
    stems = data["community_stems"]
    rng = random.Random(seed)  # noqa: S311  (a reproducible demo, not a secret)
    per_district: list[list[CommunitySpec]] = []
    for district in data["districts"]:
        specs: list[CommunitySpec] = []
        counts = _spread(district["communities"], len(district["subdistricts"]))
        for subdistrict, count in zip(district["subdistricts"], counts, strict=True):
            slugs: set[str] = set()
            for stem in rng.sample(stems, len(stems)):
                if len(slugs) == count:
                    break
                name = f"{stem}社区"
                slug = community_slug(district["name"], subdistrict, name)
                if slug in slugs:
                    continue  # homophones would share a host name
                slugs.add(slug)
                specs.append(CommunitySpec(district["name"], subdistrict, name, slug=slug))
        per_district.append(specs)
    ordered: list[CommunitySpec] = []
    for round_ in range(max(len(specs) for specs in per_district)):
        ordered.extend(specs[round_] for specs in per_district if round_ < len(specs))
    chosen = ordered[:communities]
    return [
        CommunitySpec(s.district, s.subdistrict, s.name, slug=s.slug, grids=g)
        for s, g in zip(chosen, _spread(grids, len(chosen)) if chosen else [], strict=True)
    ]
