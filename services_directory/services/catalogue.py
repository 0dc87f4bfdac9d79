"""Loading the city's service catalogue (一站式服务目录) from its data file.

The shipped file ``services_directory/data/catalogue.json`` lists the 8 categories (服务类别)
and 43 items (服务事项) of the community service centre's comprehensive window. The whole file
is checked before anything is written, and the writes are one transaction: a file with one
bad item changes nothing, and the error names every bad category and item by its code.
Loading again updates what changed and creates what is new (matched by code); an item missing
from the file stays (withdraw it in the admin), whether it was offered is left as the admin
set it, and a community's own local items are never touched.

The model classes are parameters so that a data migration can pass its historical models.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from services_directory.models import ServiceCategory, ServiceItem

__all__ = [
    "DEFAULT_FILE",
    "CatalogueError",
    "CatalogueLoad",
    "catalogue_counts",
    "load_catalogue",
]

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "catalogue.json"

CATEGORY_REQUIRED = ("code", "name", "items")
CATEGORY_OPTIONAL = ("name_en", "sort_order")
# Texts the model requires are checked by the model (blank=False); the file must name them.
ITEM_REQUIRED = (
    "code", "service_type", "name", "summary", "eligibility", "materials", "steps",
    "processing_time", "fee",
)  # fmt: skip
ITEM_TEXTS = (
    "service_type", "name", "name_en", "summary", "summary_en", "eligibility",
    "eligibility_en", "processing_time", "processing_time_en", "fee", "fee_en",
    "legal_basis", "legal_basis_en", "elsewhere", "elsewhere_en", "online_url",
)  # fmt: skip
ITEM_LISTS = ("materials", "materials_en", "steps", "steps_en")  # stored one per line
ITEM_FLAGS = ("at_window", "at_terminal")
ITEM_KEYS = frozenset((*ITEM_REQUIRED, *ITEM_TEXTS, *ITEM_LISTS, *ITEM_FLAGS, "sort_order"))


class CatalogueError(ValidationError):
    """The catalogue file is bad; ``errors`` holds one sentence per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = list(errors)


@dataclass
class CatalogueLoad:
    """What a load did: categories and city items created, changed, already up to date."""

    categories_created: int = 0
    categories_updated: int = 0
    categories_unchanged: int = 0
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0


Say = Callable[[str], None]


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[str] = []

    def file(self, problem: str) -> None:
        self.errors.append(
            gettext("%(file)s: %(problem)s") % {"file": self.path.name, "problem": problem}
        )

    def category(self, code: str, problem: str) -> None:
        self.file(gettext("category “%(code)s”: %(problem)s") % {"code": code, "problem": problem})

    def item(self, code: str, problem: str) -> None:
        self.file(gettext("item “%(code)s”: %(problem)s") % {"code": code, "problem": problem})


def load_catalogue(
    path: Path | str | None = None,
    category_model: type[models.Model] = ServiceCategory,
    item_model: type[models.Model] = ServiceItem,
) -> CatalogueLoad:
    """Create or update the categories and city items the file lists (by code).

    Raises ``CatalogueError`` naming every bad category and item, and then saves nothing.
    """
    path = Path(path or DEFAULT_FILE)
    problems = _Problems(path)
    with transaction.atomic():
        data = _read(path, problems)
        categories, items = _check(data, category_model, item_model, problems)
        if problems.errors:
            raise CatalogueError(problems.errors)
        result = CatalogueLoad()
        existing = {c.code: c for c in category_model._default_manager.all()}
        for code, fields in categories.items():
            outcome = _upsert(category_model, existing.get(code), {"code": code, **fields})
            _count(result, f"categories_{outcome}")
        category_ids = dict(category_model._default_manager.values_list("code", "pk"))
        city_items = item_model._default_manager.filter(community__isnull=True).exclude(code="")
        existing = {i.code: i for i in city_items}
        for code, fields in items.items():
            fields["category_id"] = category_ids[fields.pop("category")]
            outcome = _upsert(item_model, existing.get(code), {"code": code, **fields})
            _count(result, f"items_{outcome}")
    return result


def catalogue_counts(
    category_model: type[models.Model] = ServiceCategory,
    item_model: type[models.Model] = ServiceItem,
) -> dict[str, int]:
    """How many categories and city items there are (offered or withdrawn)."""
    return {
        "categories": category_model._default_manager.count(),
        "items": item_model._default_manager.filter(community__isnull=True).count(),
    }


# --- reading and checking -------------------------------------------------------------------


def _read(path: Path, problems: _Problems) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        problems.file(gettext("file not found"))
    except UnicodeDecodeError:
        problems.file(gettext("not UTF-8 text"))
    except json.JSONDecodeError as error:
        problems.file(
            gettext("not valid JSON (line %(line)d, column %(column)d: %(error)s)")
            % {"line": error.lineno, "column": error.colno, "error": error.msg}
        )
    return None


def _check(
    data: Any, category_model: type, item_model: type, problems: _Problems
) -> tuple[dict[str, dict], dict[str, dict]]:
    """Category code → fields, and item code → fields (``category`` still a code)."""
    categories: dict[str, dict] = {}
    items: dict[str, dict] = {}
    if data is None:
        return categories, items
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        problems.file(gettext("the file must be an object with a list of “categories”"))
        return categories, items
    if set(data) - {"categories"}:
        problems.file(_unknown(set(data) - {"categories"}))
    seen_items: set[str] = set()
    for position, raw in enumerate(data["categories"], start=1):
        code = raw.get("code") if isinstance(raw, dict) else None
        label = code if isinstance(code, str) and code else f"#{position}"
        before = len(problems.errors)
        say: Say = partial(problems.category, label)
        if not isinstance(raw, dict):
            say(gettext("must be an object"))
            continue
        _keys(raw, CATEGORY_REQUIRED, {*CATEGORY_REQUIRED, *CATEGORY_OPTIONAL}, say)
        if label in categories:
            say(gettext("the code is listed twice"))
        fields = {
            "name": _text(raw, "name", say),
            "name_en": _text(raw, "name_en", say),
            "sort_order": _order(raw, position, say),
        }
        if len(problems.errors) == before:
            _full_clean(category_model(code=code, **fields), [], say)
        if len(problems.errors) == before:
            categories[code] = fields
        raw_items = raw.get("items")
        if not isinstance(raw_items, list):
            if "items" in raw:
                say(gettext("“items” must be a list"))
            continue
        for item_position, raw_item in enumerate(raw_items, start=1):
            checked = _check_item(
                raw_item, f"{label}#{item_position}", item_position, item_model, problems
            )
            if checked is None:
                continue
            item_code, item_fields = checked
            if item_code in seen_items:
                problems.item(item_code, gettext("the code is listed twice"))
                continue
            seen_items.add(item_code)
            items[item_code] = {**item_fields, "category": label}
    return categories, items


def _check_item(
    raw: Any, fallback: str, position: int, item_model: type, problems: _Problems
) -> tuple[str, dict] | None:
    code = raw.get("code") if isinstance(raw, dict) else None
    label = code if isinstance(code, str) and code else fallback
    before = len(problems.errors)
    say: Say = partial(problems.item, label)
    if not isinstance(raw, dict):
        say(gettext("must be an object"))
        return None
    _keys(raw, ITEM_REQUIRED, ITEM_KEYS, say)
    fields: dict[str, Any] = {name: _text(raw, name, say) for name in ITEM_TEXTS}
    fields.update({name: _lines(raw, name, say) for name in ITEM_LISTS})
    fields.update({name: _flag(raw, name, say) for name in ITEM_FLAGS})
    fields["sort_order"] = _order(raw, position, say)
    if len(problems.errors) == before:
        _full_clean(item_model(code=code, **fields), ["category", "community"], say)
    return (code, fields) if len(problems.errors) == before else None


def _keys(raw: dict, required: tuple[str, ...], allowed: set | frozenset, say: Say) -> None:
    missing = [key for key in required if key not in raw]
    if missing:
        say(gettext("missing: %(keys)s") % {"keys": ", ".join(missing)})
    if set(raw) - set(allowed):
        say(_unknown(set(raw) - set(allowed)))


def _unknown(keys: set) -> str:
    return gettext("unknown keys: %(keys)s") % {"keys": ", ".join(sorted(map(str, keys)))}


def _text(raw: dict, name: str, say: Say) -> str:
    value = raw.get(name, "")
    if not isinstance(value, str):
        say(gettext("“%(name)s” must be text") % {"name": name})
        return ""
    return value.strip()


def _lines(raw: dict, name: str, say: Say) -> str:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        say(gettext("“%(name)s” must be a list of texts") % {"name": name})
        return ""
    lines = [line.strip() for line in value]
    if any(not line or "\n" in line or "\r" in line for line in lines):
        say(gettext("“%(name)s” has an empty entry or one of several lines") % {"name": name})
    return "\n".join(lines)


def _flag(raw: dict, name: str, say: Say) -> bool:
    default = name == "at_window"  # the model's defaults
    value = raw.get(name, default)
    if not isinstance(value, bool):
        say(gettext("“%(name)s” must be true or false") % {"name": name})
        return default
    return value


def _order(raw: dict, position: int, say: Say) -> int:
    value = raw.get("sort_order", position)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 32767:
        say(gettext("“sort_order” must be a whole number from 0 to 32767"))
        return 0
    return value


def _full_clean(instance: models.Model, exclude: list[str], say: Say) -> None:
    """The model's own rules (required texts, lengths, the slug, the type, the URL)."""
    try:
        # Uniqueness is the file's duplicate check: the database side matches by code.
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                say(message if field == "__all__" else f"{field}: {message}")


# --- writing --------------------------------------------------------------------------------


def _upsert(model: type[models.Model], instance: models.Model | None, fields: dict) -> str:
    """Create the row or store the fields that differ; says which happened."""
    if instance is None:
        model._default_manager.create(**fields)
        return "created"
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(instance, name, fields[name])
    instance.save(update_fields=changed)
    return "updated"


def _count(result: CatalogueLoad, name: str) -> None:
    setattr(result, name, getattr(result, name) + 1)
