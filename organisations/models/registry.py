"""The registry of social organisations (社会组织).

Staff roles point at an organisation; disclosures and the transparency index build on it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError


def validate_credit_code(value: str) -> None:
    """A unified social credit code (统一社会信用代码) with a valid check character."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid unified social credit code."), code="invalid_uscc"
        ) from exc


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
