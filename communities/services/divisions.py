"""Loading the city's districts and subdistricts (区划) from a data file."""

import json
from pathlib import Path

from django.db import transaction

from communities.models import District, Subdistrict
from communities.naming import pinyin_of, strip_division_suffix

DEFAULT_DIVISIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "shenzhen.json"


def read_divisions(path: Path = DEFAULT_DIVISIONS_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_divisions(path: Path = DEFAULT_DIVISIONS_FILE) -> tuple[int, int]:
    """Create the districts and subdistricts the file lists; returns how many were new."""
    data = read_divisions(path)
    new_districts = new_subdistricts = 0
    for order, entry in enumerate(data["districts"], start=1):
        district, made = District.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "sort_order": order,
                "pinyin": pinyin_of(strip_division_suffix(entry["name"])),
            },
        )
        new_districts += made
        for number, name in enumerate(entry["subdistricts"], start=1):
            _, made = Subdistrict.objects.get_or_create(
                district=district,
                name=name,
                defaults={
                    "code": f"{district.code}{number:03d}",
                    "pinyin": pinyin_of(strip_division_suffix(name)),
                },
            )
            new_subdistricts += made
    return new_districts, new_subdistricts
