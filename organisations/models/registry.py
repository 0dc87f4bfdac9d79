"""The registry of social organisations (社会组织登记信息).

Staff roles point at an organisation; its disclosures, questions and transparency index
hang off it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

__all__ = ["Organisation", "OrganisationType", "validate_credit_code"]


def validate_credit_code(value: str) -> None:
    """A unified social credit code (统一社会信用代码) with a valid check character."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _(
                "This is not a valid unified social credit code: it has 18 characters "
                "(digits and capital letters) and its last one is a check character. "
                "Copy it from the registration certificate."
            ),
            code="invalid_uscc",
        ) from exc


class OrganisationType(models.TextChoices):
    SOCIAL_GROUP = "social_group", _("Social group")  # 社会团体
    SOCIAL_SERVICE = "social_service", _("Social service agency")  # 社会服务机构（民办非企业单位）
    FOUNDATION = "foundation", _("Foundation")  # 基金会
    COMMUNITY = "community", _("Community social organisation")  # 社区社会组织（备案）


class Organisation(models.Model):
    """A social organisation (社会组织) registered with, or filed at, a civil-affairs bureau."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    organisation_type = models.CharField(
        _("type"),
        max_length=16,
        choices=OrganisationType.choices,
        default=OrganisationType.COMMUNITY,
    )
    registration_authority = models.CharField(
        _("registration authority"),
        max_length=100,
        blank=True,
        help_text=_("The civil-affairs bureau it is registered with, e.g. 深圳市福田区民政局."),
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    summary = models.TextField(_("what it does"), blank=True)
    summary_en = models.TextField(_("what it does (English)"), blank=True)
    office_address = models.CharField(
        _("office address"),
        max_length=200,
        blank=True,
        help_text=_("A public office, never a home."),
    )
    office_phone = models.CharField(
        _("office phone"),
        max_length=40,
        blank=True,
        help_text=_("A public office line, never a mobile."),
    )
    communities = models.ManyToManyField(
        "communities.Community",
        blank=True,
        related_name="serving_organisations",
        verbose_name=_("communities it serves"),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Deregistered organisations stay listed with their disclosures, marked as such."
        ),
    )
    # Kept by organisations.services.transparency (on every publication and every night):
    # the directory sorts by it in the database.
    transparency_index = models.PositiveSmallIntegerField(
        _("transparency index"), null=True, blank=True, editable=False
    )
    transparency_computed_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def display_summary(self) -> str:
        if self.summary_en and (get_language() or "").startswith("en"):
            return self.summary_en
        return self.summary
