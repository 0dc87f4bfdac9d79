"""Reading a provisioning CSV: every row is checked before anything is written."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from communities.models import Community, District
from communities.naming import community_slug

from .specs import (
    MAX_GRIDS_PER_COMMUNITY,
    NAME_MAX_LENGTH,
    SLUG_PATTERN,
    SUBDISTRICT_MAX_LENGTH,
    CommunitySpec,
)

REQUIRED_COLUMNS = ("district", "subdistrict", "community")
OPTIONAL_COLUMNS = ("slug", "grids")
MAX_LENGTHS = {"subdistrict": SUBDISTRICT_MAX_LENGTH, "community": NAME_MAX_LENGTH}


@dataclass(frozen=True)
class CsvRowError:
    row: int  # the line number a spreadsheet shows; the header is row 1
    message: str

    def __str__(self) -> str:
        return _("row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


class CsvInvalid(Exception):
    def __init__(self, errors: list[CsvRowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a BOM) or GB18030, which Excel in mainland China writes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as error:
        # The encoding that read further is the one the file was meant to be in.
        start = max(utf8_error.start, error.start)
        line = raw[:start].count(b"\n") + 1
        raise CsvInvalid(
            [CsvRowError(line, _("the file is neither UTF-8 nor GB18030 text"))]
        ) from error


def _records(reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, stripped values) per record; a malformed record is a row error.

    ``line_num`` counts physical lines, so skipped blank lines keep the numbers a
    spreadsheet or text editor shows.
    """
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a field over the csv module's size limit
            # line_num counts the lines read completely; the bad one is the next.
            raise CsvInvalid([CsvRowError(reader.line_num + 1, str(error))]) from error
        # Extra cells past the header land under the key None; they are ignored.
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def parse_community_csv(text: str) -> list[CommunitySpec]:
    """The rows of a CSV as specs, or ``CsvInvalid`` listing every bad row."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        raise CsvInvalid([CsvRowError(1, str(error))]) from error
    header = [(name or "").strip().lower() for name in fieldnames]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise CsvInvalid([CsvRowError(1, _("missing column(s): %s") % ", ".join(missing))])
    reader.fieldnames = header
    districts = set(District.objects.values_list("name", flat=True))
    taken = dict(
        Community.objects.values_list("slug", "name").iterator()
    )  # slug → name of the existing community
    existing_pairs = {
        (district, sub, name): slug
        for district, sub, name, slug in Community.objects.values_list(
            "subdistrict__district__name", "subdistrict__name", "name", "slug"
        )
    }
    errors: list[CsvRowError] = []
    specs: list[CommunitySpec] = []
    seen_slugs: dict[str, int] = {}
    seen_names: dict[tuple[str, str, str], int] = {}
    for row_number, values in _records(reader):
        if not any(values.values()):
            continue  # blank line
        row_errors = []
        for column in REQUIRED_COLUMNS:
            if not values.get(column):
                row_errors.append(_("%s is empty") % column)
            elif len(values[column]) > MAX_LENGTHS.get(column, NAME_MAX_LENGTH):
                row_errors.append(
                    _("%(column)s is longer than %(limit)d characters")
                    % {"column": column, "limit": MAX_LENGTHS.get(column, NAME_MAX_LENGTH)}
                )
        district, subdistrict, name = (values.get(c, "") for c in REQUIRED_COLUMNS)
        if district and district not in districts:
            row_errors.append(_("unknown district “%s”") % district)
        grids = 0
        if values.get("grids"):
            try:
                grids = int(values["grids"])
                if not 0 <= grids <= MAX_GRIDS_PER_COMMUNITY:
                    raise ValueError
            except ValueError:
                row_errors.append(
                    _("grids must be a whole number from 0 to %d") % MAX_GRIDS_PER_COMMUNITY
                )
        slug = values.get("slug", "").lower()
        if slug and not SLUG_PATTERN.match(slug):
            row_errors.append(
                _("slug “%s” may use only a-z, 0-9 and inner hyphens (at most 63)") % slug
            )
        if not row_errors:
            existing_slug = existing_pairs.get((district, subdistrict, name))
            slug = slug or existing_slug or community_slug(district, subdistrict, name)
            key = (district, subdistrict, name)
            if key in seen_names:
                row_errors.append(
                    _("%(name)s repeats row %(row)d") % {"name": name, "row": seen_names[key]}
                )
            elif slug in seen_slugs:
                row_errors.append(
                    _("slug “%(slug)s” duplicates row %(row)d")
                    % {"slug": slug, "row": seen_slugs[slug]}
                )
            elif slug in taken and existing_slug != slug:
                row_errors.append(
                    _("slug “%(slug)s” is already used by %(name)s")
                    % {"slug": slug, "name": taken[slug]}
                )
            elif existing_slug and existing_slug != slug:
                row_errors.append(
                    _("%(name)s already exists with the slug “%(slug)s”")
                    % {"name": name, "slug": existing_slug}
                )
            elif not SLUG_PATTERN.match(slug):
                row_errors.append(_("no host name can be made from the names; give a slug"))
            seen_names.setdefault(key, row_number)
            seen_slugs.setdefault(slug, row_number)
        if row_errors:
            errors.extend(CsvRowError(row_number, message) for message in row_errors)
        else:
            specs.append(
                CommunitySpec(district, subdistrict, name, slug=slug, grids=grids, row=row_number)
            )
    if errors:
        raise CsvInvalid(errors)
    if not specs:
        raise CsvInvalid([CsvRowError(2, _("the file has no communities"))])
    return specs
