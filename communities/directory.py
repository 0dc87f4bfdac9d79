"""The city-wide community directory and "find my community" (查找我的社区)."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import HttpRequest
from pypinyin import lazy_pinyin

from .models import Community, District

MAX_RESULTS = 50


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
    for community in communities:
        sub = community.subdistrict
        if sub.pk not in current:
            current[sub.pk] = SubdistrictGroup(sub.name)
            groups[sub.district_id].subdistricts.append(current[sub.pk])
        current[sub.pk].communities.append(
            DirectoryEntry(community.name, community.pinyin, community.get_url(request))
        )
    return [group for group in groups.values() if group.subdistricts]


def normalise_query(query: str) -> str:
    return "".join(query.split()).lower()


def find_communities(query: str, limit: int = MAX_RESULTS) -> list[Community]:
    """Communities matching a Chinese name, pinyin or pinyin initials, however partial.

    "招商", "招商社区", "zhaoshang", "zhao shang", "ZhaoS" and "zs" all find 招商社区; a
    district or subdistrict name lists its communities. The best matches come first.
    """
    text = normalise_query(query)
    if not text:
        return []
    bare = text.removesuffix("社区") or text
    spelled = "".join(lazy_pinyin(bare)) if not bare.isascii() else bare
    condition = (
        Q(name__icontains=bare)
        | Q(pinyin__icontains=spelled)
        | Q(subdistrict__name__icontains=bare)
        | Q(subdistrict__district__name__icontains=bare)
    )
    if bare.isascii() and bare.isalpha():
        condition |= Q(initials__istartswith=bare)
        condition |= Q(subdistrict__pinyin__icontains=bare)
        condition |= Q(subdistrict__district__pinyin__icontains=bare)
    candidates = list(
        Community.objects.with_hierarchy().filter(site__isnull=False).filter(condition)[:500]
    )

    def rank(community: Community) -> tuple[int, str]:
        name = community.name.removesuffix("社区")
        if bare in (name, community.pinyin, community.initials):
            score = 0
        elif name.startswith(bare) or community.pinyin.startswith(spelled):
            score = 1
        elif bare in name or spelled in community.pinyin or community.initials.startswith(bare):
            score = 2
        else:
            score = 3  # matched through its subdistrict or district
        return score, community.pinyin

    candidates.sort(key=rank)
    return candidates[:limit]
