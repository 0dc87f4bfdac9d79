"""The structured fields of each kind of disclosure (信息公开内容) and their checks.

``KIND_FIELDS`` says which typed columns a kind uses, ``REQUIRED_FIELDS`` which of them must be
filled before it is submitted for review. A draft may be incomplete; every save checks that
what is filled makes sense (no negative numbers, an end after the start, a plausible year)
and that no field of another kind is filled.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Disclosure, DisclosureKind

__all__ = [
    "ALL_KIND_FIELDS",
    "COMMON_FIELDS",
    "FIRST_YEAR",
    "KIND_FIELDS",
    "MAY_BE_NEGATIVE",
    "REQUIRED_FIELDS",
    "check_complete",
    "check_fields",
    "is_empty",
    "latest_year",
]

FIRST_YEAR = 2000

# What every disclosure has, whatever its kind.
COMMON_FIELDS = ("title", "body")

KIND_FIELDS: dict[str, list[str]] = {
    # 机构信息: basic facts, governance, people in charge
    DisclosureKind.ORGANISATION: [
        "people_in_charge", "governance", "staff_count", "volunteer_count",
    ],
    # 财务信息: the annual financial report, donations received and how they were used
    DisclosureKind.FINANCIAL: [
        "total_income", "total_expenditure", "net_assets",
        "donations_received", "donations_used", "donation_use",
    ],
    # 活动信息: an activity report
    DisclosureKind.ACTIVITY: ["started_on", "ended_on", "place", "participants", "outcome"],
    # 公益项目: a public-welfare project
    DisclosureKind.PUBLIC_WELFARE: [
        "started_on", "ended_on", "beneficiaries", "funds_raised", "funds_spent", "outcome",
    ],
}  # fmt: skip

REQUIRED_FIELDS: dict[str, list[str]] = {
    DisclosureKind.ORGANISATION: ["people_in_charge", "governance", "staff_count"],
    DisclosureKind.FINANCIAL: ["total_income", "total_expenditure", "net_assets"],
    DisclosureKind.ACTIVITY: ["started_on", "place", "participants", "outcome"],
    DisclosureKind.PUBLIC_WELFARE: ["started_on", "beneficiaries", "outcome"],
}

ALL_KIND_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(name for names in KIND_FIELDS.values() for name in names)
)
# Net assets are negative when the liabilities exceed the assets: that must be disclosable.
MAY_BE_NEGATIVE = frozenset({"net_assets"})


def latest_year(today: date | None = None) -> int:
    """The latest year a disclosure may cover: next year (a project planned ahead)."""
    return (today or timezone.localdate()).year + 1


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _kind_label(kind: str) -> str:
    return str(DisclosureKind(kind).label) if kind in DisclosureKind.values else kind


def check_fields(disclosure: Disclosure) -> None:
    """Raise a field-keyed ``ValidationError`` if what ``disclosure`` holds makes no sense.

    Runs the model's own field checks first (lengths, digits, types), then the rules of
    disclosures. Converts the values to their types on the instance.
    """
    errors: dict[str, list] = {}
    try:
        disclosure.full_clean(
            exclude=["organisation", "created_by", "reviewed_by", "supersedes"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        errors.update(error.message_dict)

    def add(name: str, message: str) -> None:
        if name not in errors:
            errors[name] = [message]

    kind = disclosure.kind
    if kind not in KIND_FIELDS:
        add("kind", _("Choose the kind of disclosure."))
    else:
        own = set(KIND_FIELDS[kind])
        for name in ALL_KIND_FIELDS:
            if name not in own and not is_empty(getattr(disclosure, name)):
                add(
                    name,
                    _("This is not part of a disclosure of the kind “%(kind)s”.")
                    % {"kind": _kind_label(kind)},
                )
    if not disclosure.title or not disclosure.title.strip():
        add("title", _("Give the disclosure a title."))
    year = disclosure.year
    if "year" not in errors and (
        not isinstance(year, int) or not FIRST_YEAR <= year <= latest_year()
    ):
        add(
            "year",
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": latest_year()},
        )
    for name in ALL_KIND_FIELDS:
        value = getattr(disclosure, name)
        if name in MAY_BE_NEGATIVE or name in errors:
            continue
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value < 0:
            add(name, _("This cannot be negative."))
    started, ended = disclosure.started_on, disclosure.ended_on
    if isinstance(started, date) and isinstance(ended, date) and ended < started:
        add("ended_on", _("The end cannot be before the start."))
    if errors:
        raise ValidationError(errors)


def check_complete(disclosure: Disclosure) -> None:
    """Raise a field-keyed ``ValidationError`` naming each required field left empty."""
    missing = {
        name: [_("Fill this in before submitting: a disclosure of this kind requires it.")]
        for name in REQUIRED_FIELDS.get(disclosure.kind, [])
        if is_empty(getattr(disclosure, name))
    }
    if missing:
        raise ValidationError(missing)
