import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import shortnumberinfo

REGION = "CN"
# Long enough for any formatted number; phonenumbers refuses longer input anyway.
MAX_PHONE_INPUT = 32

PHONE_MESSAGE = _(
    "Enter a number residents can dial: a landline with its area code (0755-86001234), "
    "a mobile number (13800138000) or a service number (12345)."
)
FOREIGN_MESSAGE = _("Enter a mainland China number, e.g. 0755-86001234.")


def validate_public_phone(value: str) -> None:
    """A phone number a resident can dial: a mainland number or a short service number.

    phonenumbers knows both the numbering plan (0755-86001234, 13800138000) and the short
    numbers in service (12345, 110, 12315, 95598); "00000" or "999" are neither.
    """
    if len(value) > MAX_PHONE_INPUT:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone") from None
    if phonenumbers.is_valid_number(number):
        if phonenumbers.region_code_for_number(number) != REGION:
            raise ValidationError(FOREIGN_MESSAGE, code="foreign_phone")
        return
    if shortnumberinfo.is_valid_short_number_for_region(number, REGION):
        return
    raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
