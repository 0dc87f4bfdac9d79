"""Pinyin spellings and slugs: what host names and "find my community" are built from."""

import re

import pytest

from communities.naming import (
    MAX_SPELLINGS,
    community_slug,
    initials_of,
    pinyin_of,
    spellings_of,
    strip_division_suffix,
)

DNS_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("招商街道", "招商"),
        ("大鹏新区", "大鹏"),
        ("南山区", "南山"),
        ("花果山社区", "花果山"),
        ("园区社区", "园区"),  # only the last suffix goes
        ("社区", "社区"),  # never down to nothing
        ("区", "区"),
        ("蛇口", "蛇口"),
    ],
)
def test_strip_division_suffix(name, stem):
    assert strip_division_suffix(name) == stem


def test_pinyin_and_initials():
    assert pinyin_of("招商社区") == "zhaoshangshequ"
    assert initials_of("招商") == "zs"
    assert pinyin_of("绿景") == "lvjing"  # ü is written v, as on a keyboard
    assert pinyin_of("第1社区") == "di1shequ"
    assert pinyin_of("Ａ区·东") == "aqudong"  # full-width and punctuation removed


def test_community_slug_is_a_dns_label():
    assert community_slug("南山区", "招商街道", "花果山社区") == "nanshan-zhaoshang-huaguoshan"
    assert community_slug("大鹏新区", "南澳街道", "南渔社区") == "dapeng-nanao-nanyu"
    long = community_slug("南山区", "招商街道" * 10, "花果山社区" * 10)
    assert len(long) <= 63
    assert DNS_LABEL.match(long)


@pytest.mark.parametrize(
    ("district", "subdistrict", "community"),
    [
        ("南山区", "招商街道", "★社区"),
        ("南山区", "—", "花果山社区"),
        ("Nanshan", "Zhao Shang", "A-1"),
    ],
)
def test_odd_names_still_give_a_valid_slug(district, subdistrict, community):
    assert DNS_LABEL.match(community_slug(district, subdistrict, community))


def test_spellings_include_every_reading_of_a_polyphone():
    full, initials = spellings_of("长岭")
    assert {"changling", "zhangling"} <= full
    assert {"cl", "zl"} <= initials
    assert "wanxia" in spellings_of("湾厦")[0]
    assert spellings_of("") == (frozenset(), frozenset())
    assert spellings_of("😀") == (frozenset(), frozenset())


def test_spellings_are_capped_for_pathological_names():
    full, _ = spellings_of("长长长长长长长长长长")  # 2 readings each: 1,024 combinations
    assert 1 <= len(full) <= MAX_SPELLINGS
