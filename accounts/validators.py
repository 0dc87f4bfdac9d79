"""Validators for personal fields, and for the public display name that must carry none."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError


def validate_id_number(value: str) -> None:
    """A mainland resident identity card number (居民身份证号), with its check digit."""
    if not value:
        return
    try:
        ric.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid resident identity card number."), code="invalid_id_number"
        ) from exc


# Seven digits in a row, ignoring spaces, dots and dashes between them, look like a phone
# number (or a QQ number); an "@" is an email address.
_PHONE_LIKE = re.compile(r"\d(?:[\s.\-()]*\d){6,}")
_URL_LIKE = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.|\b[a-z0-9-]+\.(?:com|cn|net|org|top|xyz|info|io|me|cc|vip)\b)",
    re.IGNORECASE,
)


def squeeze(value: str) -> str:
    """Full-width forms folded (１３８ → 138) and runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def validate_public_name(value: str) -> None:
    """A display name (昵称) is public: no phone number, email address or web link in it."""
    folded = squeeze(value)
    if _PHONE_LIKE.search(folded) or "@" in folded:
        raise ValidationError(
            _("Your display name is public: leave out phone numbers and email addresses."),
            code="contact_details_in_name",
        )
    if _URL_LIKE.search(folded):
        raise ValidationError(
            _("Your display name must not contain an email address or a web link."),
            code="url_like",
        )
