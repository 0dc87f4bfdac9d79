"""Pinyin spellings and host-name slugs for communities (pypinyin)."""

import itertools
import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

_SUFFIXES = ("新区", "社区", "街道", "区")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# 长岭 has 2 readings, 花果山 3; a handful of polyphones per name is normal. Beyond this many
# combinations only the usual reading is kept, so a pathological name cannot blow up a search.
MAX_SPELLINGS = 64


def _ascii_forms(name: str) -> str:
    """Full-width letters and digits (Ａ, １) as ASCII, so they survive into pinyin and slugs."""
    return unicodedata.normalize("NFKC", name)


def strip_division_suffix(name: str) -> str:
    """招商街道 → 招商, 大鹏新区 → 大鹏, 南山区 → 南山 (never to an empty string)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            # 社区 alone stays 社区: checking the shorter 区 next would leave 社.
            return name[: -len(suffix)] if len(name) > len(suffix) else name
    return name


def pinyin_of(name: str) -> str:
    """Toneless pinyin without spaces: 招商社区 → zhaoshangshequ."""
    return _NOT_SLUG.sub("", "".join(lazy_pinyin(_ascii_forms(name))).lower())


def initials_of(name: str) -> str:
    """Pinyin initials: 招商 → zs."""
    initials = lazy_pinyin(_ascii_forms(name), style=Style.FIRST_LETTER)
    return _NOT_SLUG.sub("", "".join(initials).lower())


@lru_cache(maxsize=8192)
def spellings_of(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """Every pinyin spelling and initials of ``name``, polyphones included.

    pypinyin picks one reading per character, and for place names it is often not the local
    one: 长岭 comes out "zhangling", 湾厦 "wansha", while residents type "changling" and
    "wanxia". Searching all readings finds them either way. Cached per name: the result
    depends on nothing else, so it never goes stale.
    """
    readings = pinyin(_ascii_forms(name), style=Style.NORMAL, heteronym=True)
    syllables = [[_NOT_SLUG.sub("", r.lower()) for r in options] for options in readings]
    syllables = [[s for s in options if s] for options in syllables]
    syllables = [options for options in syllables if options]
    if not syllables:
        return frozenset(), frozenset()
    combinations = 1
    for options in syllables:
        combinations *= len(options)
    if combinations > MAX_SPELLINGS:
        syllables = [options[:1] for options in syllables]
    full: set[str] = set()
    initials: set[str] = set()
    for combo in itertools.product(*syllables):
        full.add("".join(combo))
        initials.add("".join(s[0] for s in combo))
    return frozenset(full), frozenset(initials)


def community_slug(district: str, subdistrict: str, community: str) -> str:
    """A DNS-safe slug: 南山区/招商街道/花果山社区 → nanshan-zhaoshang-huaguoshan."""
    parts = [pinyin_of(strip_division_suffix(n)) for n in (district, subdistrict, community)]
    slug = "-".join(p for p in parts if p)
    return slug[:63].strip("-")
