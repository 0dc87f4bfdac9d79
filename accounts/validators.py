"""Validators for personal fields."""

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
