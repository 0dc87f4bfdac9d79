"""The city-wide community directory and "find my community" (查找我的社区)."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

from .models import Community, District
from .naming import pinyin_of, spellings_of, strip_division_suffix

MAX_RESULTS = 50
MAX_QUERY_LENGTH = 50

# Ranks, best first. Exact matches lead, then names that start with the query, then names
# that contain it, then communities listed because their subdistrict or district matched.
EXACT, PREFIX, PARTIAL, AREA = range(4)

_COMMUNITY_SUFFIX = "社区"
_COMMUNITY_SUFFIX_PINYIN = "shequ"
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


@dataclass
class DirectoryEntry:
    name: str
    pinyin: str
    url: str


@dataclass
class SubdistrictGroup:
    name: str
    communities: list[DirectoryEntry] = field(default_factory=list)


@dataclass
class DistrictGroup:
    name: str
    code: str
    subdistricts: list[SubdistrictGroup] = field(default_factory=list)

    @property
    def community_count(self) -> int:
        return sum(len(s.communities) for s in self.subdistricts)


def community_home_url(
    community: Community, request: HttpRequest | None, home_path: str | None = None
) -> str:
    """The community site's home in the current language, on the request's scheme and port.

    A visitor reading the portal in English lands on the English home of the community
    (``/en/``), not on the Chinese one. ``home_path`` saves the reverse() when listing many.
    """
    if home_path is None:
        home_path = reverse("wagtail_serve", args=("",))
    return community.get_url(request).rstrip("/") + home_path


def community_directory(request: HttpRequest | None) -> list[DistrictGroup]:
    """Every district with its subdistricts and communities, in two queries."""
    groups: dict[int, DistrictGroup] = {
        d.pk: DistrictGroup(d.name, d.code) for d in District.objects.all()
    }
    current: dict[int, SubdistrictGroup] = {}
    communities = (
        Community.objects.with_hierarchy()
        .filter(site__isnull=False)
        .only("name", "slug", "pinyin", "subdistrict__name", "subdistrict__district_id")
    )
    prefix = reverse("wagtail_serve", args=("",))
    for community in communities:
        sub = community.subdistrict
        if sub.pk not in current:
            current[sub.pk] = SubdistrictGroup(sub.name)
            groups[sub.district_id].subdistricts.append(current[sub.pk])
        url = community_home_url(community, request, prefix)
        current[sub.pk].communities.append(DirectoryEntry(community.name, community.pinyin, url))
    return [group for group in groups.values() if group.subdistricts]


def printable(text: str) -> str:
    """``text`` without control characters (NUL, escapes): safe to echo back and to query."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def normalise_query(query: str) -> str:
    """Lower case, no spaces, no control characters, full-width letters made ASCII.

    "Zhao Shang", "ＺＨＡＯ　ｓｈａｎｇ" and "zhaoshang" are the same query. Control
    characters go because residents paste them by accident and PostgreSQL rejects NUL.
    """
    text = unicodedata.normalize("NFKC", query)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "CZ")
    return text.lower()


@dataclass(frozen=True)
class _Row:
    pk: int
    name: str
    pinyin: str
    subdistrict: str
    district: str


def _rank_by_characters(row: _Row, text: str, bare: str) -> int | None:
    stem = row.name.removesuffix(_COMMUNITY_SUFFIX) or row.name
    if text == row.name or bare == stem:
        return EXACT
    if stem.startswith(bare):
        return PREFIX
    if bare in stem or text in row.name or (len(stem) > 1 and stem in bare):
        # "花果" is part of 花果山; "南山区招商街道花果山社区" (a full address) contains it.
        return PARTIAL
    if bare in row.subdistrict or bare in row.district:
        return AREA
    return None


def _rank_by_pinyin(row: _Row, spelled: str) -> int | None:
    stem = strip_division_suffix(row.name)
    full, initials = spellings_of(stem)
    if spelled in full or spelled in initials:
        return EXACT
    if any(s.startswith(spelled) for s in full):
        return PREFIX
    if any(spelled in s for s in full) or any(s.startswith(spelled) for s in initials):
        return PARTIAL
    for area in (row.subdistrict, row.district):
        area_full, _ = spellings_of(strip_division_suffix(area))
        if any(s.startswith(spelled) for s in area_full):
            return AREA
    return None


def _candidates() -> list[_Row]:
    rows = Community.objects.filter(site__isnull=False).values_list(
        "pk", "name", "pinyin", "subdistrict__name", "subdistrict__district__name"
    )
    return [_Row(*row) for row in rows]


def find_communities(query: str, limit: int = MAX_RESULTS) -> list[Community]:
    """Communities matching a Chinese name, pinyin or pinyin initials, however partial.

    "花果", "花果山社区", "huaguoshan", "hua guo shan", "HuaGuo" and "hgs" all find 花果山社区;
    a district or subdistrict name lists its communities. The best matches come first.

    Matching happens in Python over one narrow query of every community (673 rows in the
    reference city): polyphone spellings cannot be expressed in SQL, and LIKE '%q%' scans
    the table anyway.
    """
    text = normalise_query(query)
    if not text:
        return []
    if text.isascii():
        # Pinyin may come with apostrophes or hyphens (xi'an, hua-guo-shan): letters count.
        letters = _NOT_LETTERS.sub("", text) or text
        bare = letters.removesuffix(_COMMUNITY_SUFFIX_PINYIN) or letters
        ranked = [(_rank_by_pinyin(row, bare), row) for row in _candidates()]
    else:
        bare = text.removesuffix(_COMMUNITY_SUFFIX) or text
        rows = _candidates()
        ranked = [(_rank_by_characters(row, text, bare), row) for row in rows]
        spelled = pinyin_of(bare)
        if spelled and not any(rank is not None for rank, _ in ranked):
            # Nothing has these characters: try how they sound, for a wrong character picked
            # from the input method (花果善 for 花果山) or a half-pinyin query (花果shan).
            ranked = [(_rank_by_pinyin(row, spelled), row) for row in rows]
    matches = sorted(
        ((rank, row.pinyin, row.pk) for rank, row in ranked if rank is not None),
    )[:limit]
    order = [pk for _, _, pk in matches]
    found = Community.objects.with_hierarchy().in_bulk(order)
    return [found[pk] for pk in order if pk in found]
