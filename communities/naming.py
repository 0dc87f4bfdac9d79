"""Pinyin spellings and host-name slugs for communities (pypinyin)."""

import re

from pypinyin import Style, lazy_pinyin

_SUFFIXES = ("新区", "社区", "街道", "区")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def strip_division_suffix(name: str) -> str:
    """招商街道 → 招商, 大鹏新区 → 大鹏, 南山区 → 南山 (never to an empty string)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def pinyin_of(name: str) -> str:
    """Toneless pinyin without spaces: 招商社区 → zhaoshangshequ."""
    return _NOT_SLUG.sub("", "".join(lazy_pinyin(name)).lower())


def initials_of(name: str) -> str:
    """Pinyin initials: 招商 → zs."""
    return _NOT_SLUG.sub("", "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower())


def community_slug(district: str, subdistrict: str, community: str) -> str:
    """A DNS-safe slug: 南山区/招商街道/花果山社区 → nanshan-zhaoshang-huaguoshan."""
    parts = [pinyin_of(strip_division_suffix(n)) for n in (district, subdistrict, community)]
    slug = "-".join(p for p in parts if p)
    return slug[:63].strip("-")
