"""Loading the taxonomy (事件分类) from its data files: departments (职能部门), then categories.

The shipped files in ``governance/data/`` list the 48 dispute (矛盾纠纷) and 136 hazard (问题隐患)
categories. Every row of both files is checked before anything is written, and the writes are
one transaction: a file with one bad row changes nothing, and the error names every bad row the
way a spreadsheet user counts (the header is row 1). Loading again updates what changed and
creates what is new; a category missing from the file stays, since its events point at it.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from governance.models import Category, CategoryKind, Department, HandlingLevel, Priority, SlaUnit

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DEPARTMENTS_FILE = DATA_DIR / "departments.csv"
DEFAULT_CATEGORIES_FILE = DATA_DIR / "categories.csv"

DEPARTMENT_COLUMNS = ("code", "name", "name_en", "level")
CATEGORY_COLUMNS = (
    "code", "kind", "name", "name_en", "department", "handling_level",
    "accept_sla", "accept_sla_unit", "resolve_sla", "resolve_sla_unit",
    "default_priority", "may_be_public",
)  # fmt: skip
YES_NO = {"yes": True, "no": False}


class TaxonomyError(ValidationError):
    """The data files have bad rows; ``errors`` holds one sentence per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = list(errors)


@dataclass
class TaxonomyLoad:
    """What a load did, per model: rows created, changed, and already up to date."""

    departments_created: int = 0
    departments_updated: int = 0
    departments_unchanged: int = 0
    categories_created: int = 0
    categories_updated: int = 0
    categories_unchanged: int = 0


@dataclass
class _Row:
    number: int  # as a spreadsheet counts: the header is row 1
    values: dict[str, str]

    @property
    def code(self) -> str:
        return self.values.get("code", "")


class _Problems:
    """Collects problems across both files so that one run reports all of them."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def file(self, path: Path, problem: str) -> None:
        self.errors.append(
            gettext("%(file)s: %(problem)s") % {"file": path.name, "problem": problem}
        )

    def row(self, path: Path, row: _Row, problem: str) -> None:
        params = {"file": path.name, "row": row.number, "code": row.code, "problem": problem}
        if row.code:
            message = gettext("%(file)s row %(row)d (%(code)s): %(problem)s") % params
        else:
            message = gettext("%(file)s row %(row)d: %(problem)s") % params
        self.errors.append(message)


def load_taxonomy(departments: Path | None = None, categories: Path | None = None) -> TaxonomyLoad:
    """Create or update the departments and categories the files list (by code).

    Raises ``TaxonomyError`` naming every bad row, and then saves nothing.
    """
    departments = Path(departments or DEFAULT_DEPARTMENTS_FILE)
    categories = Path(categories or DEFAULT_CATEGORIES_FILE)
    problems = _Problems()
    with transaction.atomic():
        existing_departments = {d.code: d for d in Department.objects.all()}
        existing_categories = {c.code: c for c in Category.objects.all()}
        department_rows = _read(departments, DEPARTMENT_COLUMNS, problems)
        department_fields = _check_departments(
            departments, department_rows, existing_departments, problems
        )
        # Every code the file lists, even on a bad row: that row's problem is reported once.
        known_departments = set(existing_departments) | {row.code for row in department_rows}
        category_rows = _read(categories, CATEGORY_COLUMNS, problems)
        category_fields = _check_categories(
            categories, category_rows, existing_categories, known_departments, problems
        )
        if problems.errors:
            raise TaxonomyError(problems.errors)

        result = TaxonomyLoad()
        for code, fields in department_fields.items():
            outcome = _upsert(Department, code, fields, existing_departments)
            _count(result, f"departments_{outcome}")
        department_ids = dict(Department.objects.values_list("code", "pk"))
        for code, fields in category_fields.items():
            fields["department_id"] = department_ids[fields.pop("department")]
            outcome = _upsert(Category, code, fields, existing_categories)
            _count(result, f"categories_{outcome}")
    return result


def taxonomy_counts() -> dict[str, int]:
    """How many categories there are of each kind (``dispute``, ``hazard``), in use or not."""
    counts = dict.fromkeys(CategoryKind.values, 0)
    for row in Category.objects.values("kind").annotate(n=models.Count("pk")):
        counts[row["kind"]] = row["n"]
    return counts


# --- reading --------------------------------------------------------------------------------


def _read(path: Path, columns: tuple[str, ...], problems: _Problems) -> list[_Row]:
    """The file's rows as text, or none (and a problem) when the file cannot be used at all."""
    try:
        # utf-8-sig: spreadsheet programs put a byte-order mark in front of UTF-8 CSV files.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.file(path, gettext("file not found"))
        return []
    except UnicodeDecodeError:
        problems.file(path, gettext("not UTF-8 text; save it as CSV UTF-8"))
        return []
    try:
        # csv.reader, not DictReader: it keeps blank lines, so row numbers match the sheet.
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        problems.file(path, gettext("not a readable CSV file (%(error)s)") % {"error": error})
        return []
    if not records or not any(cell.strip() for cell in records[0]):
        problems.file(path, gettext("the file is empty; the first row must name the columns"))
        return []
    header = [cell.strip() for cell in records[0]]
    column_problems = [
        (gettext("missing columns: %(columns)s"), [c for c in columns if c not in header]),
        (gettext("unknown columns: %(columns)s"), [c for c in header if c not in columns]),
        (
            gettext("repeated columns: %(columns)s"),
            sorted({c for c in header if header.count(c) > 1}),
        ),
    ]
    for message, names in column_problems:
        if names:
            problems.file(path, message % {"columns": ", ".join(names)})
    if any(names for _message, names in column_problems):
        return []
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue  # an empty line, e.g. at the end of a spreadsheet export
        padded = cells + [""] * (len(header) - len(cells))  # short rows: empty cells
        row = _Row(number, dict(zip(header, padded, strict=False)))
        if len(cells) > len(header) and any(cells[len(header) :]):
            problems.row(path, row, gettext("more cells than the header has columns"))
        rows.append(row)
    return rows


# --- checking -------------------------------------------------------------------------------

Say = Callable[[str], None]  # records one problem of the row being checked


def _check_departments(
    path: Path, rows: list[_Row], existing: dict[str, Department], problems: _Problems
) -> dict[str, dict]:
    """Department code → the fields to store, for the rows that pass every check."""
    checked: dict[str, dict] = {}
    seen: dict[str, int] = {}
    for row in rows:
        before = len(problems.errors)
        say: Say = partial(problems.row, path, row)
        _check_code(row, seen, say)
        fields = {
            "name": row.values["name"],
            "name_en": row.values["name_en"],
            "level": _choice(row, "level", HandlingLevel, say),
        }
        if len(problems.errors) == before:
            _full_clean(row, Department, fields, existing, say)
        if len(problems.errors) == before:
            checked[row.code] = fields
    return checked


def _check_categories(
    path: Path,
    rows: list[_Row],
    existing: dict[str, Category],
    known_departments: set[str],
    problems: _Problems,
) -> dict[str, dict]:
    """Category code → the fields to store (``department`` still a code)."""
    checked: dict[str, dict] = {}
    seen: dict[str, int] = {}
    position = dict.fromkeys(CategoryKind.values, 0)
    for row in rows:
        before = len(problems.errors)
        say: Say = partial(problems.row, path, row)
        _check_code(row, seen, say)
        kind = _choice(row, "kind", CategoryKind, say)
        department = row.values["department"]
        if department not in known_departments:
            say(gettext("unknown department '%(code)s'") % {"code": department})
        fields = {
            "kind": kind,
            "name": row.values["name"],
            "name_en": row.values["name_en"],
            "handling_level": _choice(row, "handling_level", HandlingLevel, say),
            "accept_sla": _duration(row, "accept_sla", say),
            "accept_sla_unit": _choice(row, "accept_sla_unit", SlaUnit, say),
            "resolve_sla": _duration(row, "resolve_sla", say),
            "resolve_sla_unit": _choice(row, "resolve_sla_unit", SlaUnit, say),
            "default_priority": _choice(row, "default_priority", Priority, say),
            "may_be_public": _yes_no(row, "may_be_public", say),
        }
        if len(problems.errors) == before:
            # The file's order is the order people see the categories in, within each kind.
            position[kind] += 1
            fields["sort_order"] = position[kind]
            _full_clean(row, Category, fields, existing, say)
        if len(problems.errors) == before:
            checked[row.code] = {**fields, "department": department}
    return checked


def _check_code(row: _Row, seen: dict[str, int], say: Say) -> None:
    if not row.code:
        say(gettext("the code is missing"))
    elif row.code in seen:
        say(gettext("the code is already used on row %(row)d") % {"row": seen[row.code]})
    else:
        seen[row.code] = row.number


def _choice(row: _Row, column: str, choices: type[models.TextChoices], say: Say) -> str:
    value = row.values[column]
    if value not in choices.values:
        say(
            gettext("unknown %(column)s '%(value)s' (expected one of: %(choices)s)")
            % {"column": column, "value": value, "choices": ", ".join(choices.values)}
        )
    return value


def _duration(row: _Row, column: str, say: Say) -> int:
    value = row.values[column]
    if value.isdecimal() and int(value) > 0:
        return int(value)
    say(
        gettext("%(column)s must be a whole number of at least 1, not '%(value)s'")
        % {"column": column, "value": value}
    )
    return 0


def _yes_no(row: _Row, column: str, say: Say) -> bool:
    value = row.values[column]
    if value.lower() not in YES_NO:
        say(
            gettext("%(column)s must be yes or no, not '%(value)s'")
            % {"column": column, "value": value}
        )
    return YES_NO.get(value.lower(), False)


def _full_clean(
    row: _Row, model: type[models.Model], fields: dict, existing: dict, say: Say
) -> None:
    """The model's own rules (lengths, slug format, ``clean``) on the row's values."""
    current = existing.get(row.code)
    instance = model(pk=current.pk if current else None, code=row.code, **fields)
    try:
        # Uniqueness is the file's duplicate check (the database side matches by code); the
        # department is checked by code above, before it exists in the database.
        instance.full_clean(exclude=["department"], validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                say(message if field == "__all__" else f"{field}: {message}")


# --- writing --------------------------------------------------------------------------------


def _upsert(model: type[models.Model], code: str, fields: dict, existing: dict) -> str:
    """Create the row or store the fields that differ; says which happened."""
    instance = existing.get(code)
    if instance is None:
        model.objects.create(code=code, **fields)
        return "created"
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(instance, name, fields[name])
    instance.save(update_fields=changed)
    return "updated"


def _count(result: TaxonomyLoad, name: str) -> None:
    setattr(result, name, getattr(result, name) + 1)
