"""A community's census list (人口登记名单): keyed hashes of residents' phones, never clear text.

Editors upload the list as CSV. A request whose user's verified phone is on the list is
approved without waiting for an editor, at request time or when the list is imported.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from accounts.models import CensusEntry, Residency, ResidencyStatus, User
from accounts.phone import normalise_phone
from communities.models import Community
from communities.scope import editable_communities

CENSUS_IMPORT_ACTION = "jiayuan.census_import"
MAX_CENSUS_BYTES = 2 * 1024 * 1024
MAX_CENSUS_ROWS = 50_000
# A message naming 50,000 bad rows helps nobody: name this many, then count the rest.
MAX_NAMED_ROWS = 200
BUILDING_MAX_LENGTH = Residency._meta.get_field("building").max_length
UNIT_MAX_LENGTH = Residency._meta.get_field("unit").max_length

# Header names (compared case-insensitively, spaces removed) → column.
HEADERS = {
    "phone": "phone",
    "mobile": "phone",
    "手机号": "phone",
    "手机号码": "phone",
    "手机": "phone",
    "building": "building",
    "楼栋": "building",
    "楼栋号": "building",
    "unit": "unit",
    "room": "unit",
    "unit/room": "unit",
    "单元/房号": "unit",
    "单元房号": "unit",
    "房号": "unit",
    "单元": "unit",
}
COLUMNS = ("phone", "building", "unit")


@dataclass(frozen=True)
class CensusImportResult:
    """What an import did: counts only, so it can be shown and logged without personal data."""

    rows_imported: int
    requests_approved: int
    entries_replaced: int


def _secret() -> str:
    return settings.CENSUS_HASH_KEY or settings.SECRET_KEY


def census_hash(phone_e164: str) -> str:
    """The keyed hash (HMAC-SHA256) under which a phone number is kept in the census list."""
    return salted_hmac(
        "jiayuan.census", phone_e164, secret=_secret(), algorithm="sha256"
    ).hexdigest()


def normalise_dwelling_part(value: str) -> str:
    """'３栋 ' → '3栋': full-width forms folded, spaces collapsed, letters lower-cased."""
    text = unicodedata.normalize("NFKC", value or "")
    return " ".join(text.split()).casefold()


def dwelling_hash(building: str, unit: str) -> str:
    """A keyed hash of the dwelling (building + unit), so an address is not kept in clear."""
    key = f"{normalise_dwelling_part(building)}|{normalise_dwelling_part(unit)}"
    return salted_hmac(
        "jiayuan.census.dwelling", key, secret=_secret(), algorithm="sha256"
    ).hexdigest()


def user_census_hash(user: User) -> str | None:
    """The census hash of the user's phone, if they have one and proved they own it."""
    if not user.phone or not user.phone_verified:
        return None
    return census_hash(user.phone)


def _decode(data: bytes) -> str:
    # Excel saves "CSV UTF-8" with a BOM and plain "CSV" in the system code page, GBK in China;
    # GB18030 is GBK's superset, so it reads both.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("The file is not a text CSV file (UTF-8 or GBK). In Excel, use Save as → CSV."),
        code="encoding",
    )


def _read(csv_file: IO[bytes]) -> bytes:
    size = getattr(csv_file, "size", None)
    if size is not None and size > MAX_CENSUS_BYTES:
        raise _too_big()
    data = csv_file.read(MAX_CENSUS_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_CENSUS_BYTES:
        raise _too_big()
    return data


def _too_big() -> ValidationError:
    return ValidationError(
        _("The file is larger than %(size)s MB. Split the list into smaller files.")
        % {"size": MAX_CENSUS_BYTES // (1024 * 1024)},
        code="too_big",
    )


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = HEADERS.get("".join(normalise_dwelling_part(name).split()))
        if key and key not in found:
            found[key] = index
    missing = [name for name in COLUMNS if name not in found]
    if missing:
        raise ValidationError(
            _(
                "The first row must name the columns: phone, building and unit (or 手机号, "
                "楼栋 and 单元/房号). Missing: %(missing)s."
            )
            % {"missing": ", ".join(missing)},
            code="header",
        )
    return found


def parse_census(csv_file: IO[bytes]) -> list[tuple[str, str]]:
    """Check a census CSV and return (phone hash, dwelling hash) for each of its rows.

    Every row is checked before anything is returned: one ValidationError names every bad row
    (by its spreadsheet row number, the header being row 1) and why.
    """
    text = _decode(_read(csv_file))
    try:
        return _parse_rows(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ValidationError(
            _("The file could not be read as CSV. In Excel, use Save as → CSV."), code="csv"
        ) from exc


def _parse_rows(rows) -> list[tuple[str, str]]:
    header = next(rows, None)
    if header is None:
        raise ValidationError(_("The file is empty."), code="empty")
    columns = _columns(header)
    entries: list[tuple[str, str]] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines at the end of a spreadsheet export
        if len(entries) + len(problems) >= MAX_CENSUS_ROWS:
            raise ValidationError(
                _("The file has more than %(rows)s rows. Split the list into smaller files.")
                % {"rows": f"{MAX_CENSUS_ROWS:,}"},
                code="too_many_rows",
            )
        cell = {name: (row[i] if i < len(row) else "").strip() for name, i in columns.items()}
        phone, reasons = _check_row(cell, seen, number)
        if reasons:
            problems.append(
                _("row %(number)s: %(reasons)s") % {"number": number, "reasons": ", ".join(reasons)}
            )
            continue
        entries.append((census_hash(phone), dwelling_hash(cell["building"], cell["unit"])))
    if problems:
        raise _bad_rows(problems)
    if not entries:
        raise ValidationError(_("The file has a header but no rows."), code="no_rows")
    return entries


def _check_row(cell: dict[str, str], seen: dict[str, int], number: int) -> tuple[str, list[str]]:
    """The row's E.164 phone and what is wrong with the row (nothing: an empty list)."""
    reasons = []
    phone = ""
    if not cell["phone"]:
        reasons.append(_("phone is empty"))
    else:
        try:
            phone = normalise_phone(cell["phone"])
        except ValidationError:
            reasons.append(_("not a mainland mobile number"))
        else:
            if phone in seen:
                reasons.append(_("the same phone number as row %(row)s") % {"row": seen[phone]})
            else:
                seen[phone] = number
    for name, label, limit in (
        ("building", _("building"), BUILDING_MAX_LENGTH),
        ("unit", _("unit"), UNIT_MAX_LENGTH),
    ):
        if not cell[name]:
            reasons.append(_("%(column)s is empty") % {"column": label})
        elif len(cell[name]) > limit:
            reasons.append(
                _("%(column)s is longer than %(limit)s characters")
                % {"column": label, "limit": limit}
            )
    return phone, reasons


def _bad_rows(problems: list[str]) -> ValidationError:
    named = problems[:MAX_NAMED_ROWS]
    message = "; ".join(named)
    if len(problems) > len(named):
        more = len(problems) - len(named)
        message += "; " + ngettext(
            "and %(count)s more bad row", "and %(count)s more bad rows", more
        ) % {"count": more}
    summary = ngettext(
        "Nothing was imported: %(count)s row needs correcting.",
        "Nothing was imported: %(count)s rows need correcting.",
        len(problems),
    ) % {"count": len(problems)}
    error = ValidationError(f"{summary} {message}", code="bad_rows")
    # The view lists the rows one per line; the message alone reads well in a log or a shell.
    error.summary = summary
    error.row_problems = named
    error.more_rows = len(problems) - len(named)
    return error


def import_census(editor: User, community: Community, csv_file: IO[bytes]) -> CensusImportResult:
    """Replace ``community``'s census list (人口登记名单导入) with the CSV file's rows.

    The columns are phone, building and unit (or 手机号, 楼栋, 单元/房号), in UTF-8 (with or
    without BOM) or GBK. Any bad row refuses the whole file, naming every bad row; a good file
    replaces the community's list in one transaction, then approves every pending request of
    the community whose user's verified phone is on it. Only hashes are stored and only counts
    are logged.
    """
    if not editable_communities(editor).filter(pk=community.pk).exists():
        raise PermissionDenied(_("You do not edit this community."))
    entries = parse_census(csv_file)
    from accounts.services.residency import approve_by_census

    with transaction.atomic():
        # One import of a community at a time: the second waits, then replaces the first.
        Community.objects.select_for_update().filter(pk=community.pk).first()
        replaced, _detail = CensusEntry.objects.filter(community=community).delete()
        CensusEntry.objects.bulk_create(
            [
                CensusEntry(
                    community=community,
                    phone_hash=phone_hash,
                    dwelling_hash=dwelling,
                    imported_by=editor,
                )
                for phone_hash, dwelling in entries
            ],
            batch_size=1000,
        )
        on_list = {phone_hash for phone_hash, _dwelling in entries}
        pending = (
            Residency.objects.filter(community=community, status=ResidencyStatus.PENDING)
            .filter(user__phone_verified=True, user__phone__isnull=False)
            .select_related("user")
        )
        approved = 0
        for residency in pending:
            if user_census_hash(residency.user) in on_list:
                approved += approve_by_census(residency, decided_by=editor)
        result = CensusImportResult(
            rows_imported=len(entries), requests_approved=approved, entries_replaced=replaced
        )
        log(
            instance=community,
            action=CENSUS_IMPORT_ACTION,
            user=editor,
            title=community.name,
            data={
                "rows": result.rows_imported,
                "approved": result.requests_approved,
                "replaced": result.entries_replaced,
            },
        )
    return result
