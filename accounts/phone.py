"""Phone numbers in one form (E.164), mainland mobile numbers by default (手机号码)."""

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["normalise_phone"]

# phonenumbers reads letters as keypad digits ("138-CALL-ME"); a resident who typed a letter
# made a mistake, and silently dialling it would text a stranger.
_LETTERS = re.compile(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]")
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def _allowed_country_codes() -> set[int]:
    return {
        phonenumbers.country_code_for_region(region) for region in settings.PHONE_ALLOWED_REGIONS
    }


def normalise_phone(raw: str) -> str:
    """'138 1234 5678', '+86 138-1234-5678', '008613812345678' → '+8613812345678'.

    Raises ValidationError with a message a resident can act on for anything that is not a
    valid mobile number of an allowed region: codes are sent by text message, so landlines,
    service numbers (400…) and numbers abroad cannot be verified.
    """
    text = (raw or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    if _LETTERS.search(text):
        raise ValidationError(
            _("Enter a mobile phone number using digits only, for example 138 1234 5678."),
            code="invalid_phone",
        )
    try:
        number = phonenumbers.parse(text, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a mobile phone number, for example 138 1234 5678."), code="invalid_phone"
        ) from exc
    # The country first: a valid Hong Kong or US number deserves "not accepted here", not
    # "not valid".
    if number.country_code not in _allowed_country_codes():
        raise ValidationError(
            _("Only mainland China mobile numbers (+86) can be used."), code="foreign_phone"
        )
    if number.extension or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "This is not a valid mobile phone number: a mainland mobile number has 11 "
                "digits and starts with 1, for example 138 1234 5678."
            ),
            code="invalid_phone",
        )
    if phonenumbers.region_code_for_number(number) not in settings.PHONE_ALLOWED_REGIONS:
        raise ValidationError(
            _("Only mainland China mobile numbers (+86) can be used."), code="foreign_phone"
        )
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError(
            _(
                "This looks like a landline or service number. Enter a mobile number: "
                "verification codes are sent by text message."
            ),
            code="not_mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
