"""Disclosures (信息公开) of social organisations, and the periodic ones that are required.

A disclosure goes draft → submitted → published; a civil-affairs reviewer may return a
submission (with a reason) to the organisation, which edits and submits again. A published
disclosure is never changed: a correction is a new version (``supersedes``) and every
version stays public.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Disclosure",
    "DisclosureAttachment",
    "DisclosureKind",
    "DisclosureRequirement",
    "DisclosureStatus",
    "OverdueFlag",
]


class DisclosureKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation information")  # 机构信息
    FINANCIAL = "financial", _("Financial information")  # 财务信息
    ACTIVITY = "activity", _("Activity report")  # 活动信息
    PUBLIC_WELFARE = "public_welfare", _("Public-welfare project")  # 公益项目


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    SUBMITTED = "submitted", _("Submitted for review")  # 已提交
    RETURNED = "returned", _("Returned for changes")  # 退回修改
    PUBLISHED = "published", _("Published")  # 已公开


class DisclosureRequirement(models.Model):
    """A periodic disclosure every active organisation must publish (定期信息公开要求).

    For each year from ``first_year``, the disclosure of ``kind`` covering that year is due
    by ``due_month``/``due_day`` of the following year (the annual report by 31 May).
    """

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DisclosureKind.choices)
    due_month = models.PositiveSmallIntegerField(_("due month (of the following year)"))
    due_day = models.PositiveSmallIntegerField(_("due day"))
    first_year = models.PositiveSmallIntegerField(
        _("first year covered"), help_text=_("Years before this one are not required.")
    )
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("required disclosure")
        verbose_name_plural = _("required disclosures")
        ordering = ["due_month", "due_day", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class Disclosure(models.Model):
    """One version of one disclosure (信息公开) of an organisation, about one year.

    Structured fields are typed columns; which ones a kind uses (and requires) is declared in
    ``organisations.services.disclosures.KIND_FIELDS``. Money is in yuan.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("social organisation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DisclosureKind.choices)
    year = models.PositiveSmallIntegerField(_("year covered"))
    requirement = models.ForeignKey(
        DisclosureRequirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
        verbose_name=_("fulfils the required disclosure"),
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DisclosureStatus.choices, default=DisclosureStatus.DRAFT
    )
    # A correction: the published version this one replaces (更正). Both stay public.
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    correction_reason = models.TextField(_("what was corrected and why"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    # organisation information (机构信息)
    people_in_charge = models.TextField(_("people in charge"), blank=True)
    governance = models.TextField(_("governance"), blank=True)
    staff_count = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    volunteer_count = models.PositiveIntegerField(_("registered volunteers"), null=True, blank=True)
    # financial information (财务信息)
    total_income = models.DecimalField(
        _("total income"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    total_expenditure = models.DecimalField(
        _("total expenditure"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    net_assets = models.DecimalField(
        _("net assets at year end"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    donations_received = models.DecimalField(
        _("donations received"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    donations_used = models.DecimalField(
        _("donations used"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    donation_use = models.TextField(_("how donations were used"), blank=True)
    # activities (活动信息) and public-welfare projects (公益项目)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), null=True, blank=True)
    funds_raised = models.DecimalField(
        _("funds raised"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funds_spent = models.DecimalField(
        _("funds spent"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outcome = models.TextField(_("outcome"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-year", "kind", "-version"]
        indexes = [models.Index(fields=["organisation", "status", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="published") | Q(published_at__isnull=True),
                name="disclosure_published_at_only_when_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == DisclosureStatus.PUBLISHED


class DisclosureAttachment(models.Model):
    """A PDF attached to a disclosure (附件): served only once the disclosure is published."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=150)
    file = models.FileField(_("PDF file"), upload_to="disclosures/%Y/%m/")
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class OverdueFlag(models.Model):
    """That an organisation's required disclosure for a year was flagged overdue (逾期提醒):
    the organisation and civil affairs are told once, not every night."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="overdue_flags"
    )
    requirement = models.ForeignKey(
        DisclosureRequirement, on_delete=models.CASCADE, related_name="overdue_flags"
    )
    year = models.PositiveSmallIntegerField()
    flagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "requirement", "year"], name="one_overdue_flag_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.requirement_id}/{self.year}"
