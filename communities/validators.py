import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Short government service numbers (12345 hotline, 110, 12315 and the like) are valid as-is.
SHORT_SERVICE_NUMBER_LENGTHS = range(3, 6)


def validate_public_phone(value: str) -> None:
    """A phone number a resident can dial: a mainland number or a short service number."""
    digits = value.replace("-", "").replace(" ", "")
    if digits.isdigit() and len(digits) in SHORT_SERVICE_NUMBER_LENGTHS:
        return
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a phone number such as 0755-86001234.")) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a phone number such as 0755-86001234."))
