"""The work network's taxonomy (事件分类): departments and the categories of disputes and hazards.

Shipped as data files (``governance/data/``) loaded by ``manage.py load_taxonomy``; editable in
the admin afterwards. A category decides where its events go and how fast they must move.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName:
    """The Chinese name, or the English one on English pages when there is one."""

    name: str
    name_en: str

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class HandlingLevel(models.TextChoices):
    COMMUNITY = "community", _("Community")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")


# Escalation goes one level up (community → subdistrict → district → city); the city is the top.
LEVEL_ORDER = [
    HandlingLevel.COMMUNITY,
    HandlingLevel.SUBDISTRICT,
    HandlingLevel.DISTRICT,
    HandlingLevel.CITY,
]


def level_above(level: str) -> str:
    """The next level up from ``level``; the city stays the city."""
    index = LEVEL_ORDER.index(HandlingLevel(level))
    return LEVEL_ORDER[min(index + 1, len(LEVEL_ORDER) - 1)]


class Department(BilingualName, models.Model):
    """A responsible department (职能部门): a city bureau, or the subdistrict or community office.

    A bureau works at several levels through its branches (区城管局, 街道执法队); where an event
    of the department goes is decided by the category's handling level and the event's place.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    level = models.CharField(
        _("level"), max_length=12, choices=HandlingLevel.choices, default=HandlingLevel.CITY
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return self.display_name


class CategoryKind(models.TextChoices):
    DISPUTE = "dispute", _("Dispute")  # 矛盾纠纷
    HAZARD = "hazard", _("Hazard")  # 问题隐患


class SlaUnit(models.TextChoices):
    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Category(BilingualName, models.Model):
    """A category of event (事件类别): one of the 48 dispute or 136 hazard categories."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=CategoryKind.choices)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("responsible department"),
    )
    handling_level = models.CharField(
        _("handling level"), max_length=12, choices=HandlingLevel.choices
    )
    accept_sla = models.PositiveSmallIntegerField(
        _("time to accept"), help_text=_("How long the dispatch centre has to accept or reject.")
    )
    accept_sla_unit = models.CharField(
        _("unit"), max_length=5, choices=SlaUnit.choices, default=SlaUnit.HOURS
    )
    resolve_sla = models.PositiveSmallIntegerField(
        _("time to resolve"), help_text=_("How long the department has, counted from acceptance.")
    )
    resolve_sla_unit = models.CharField(
        _("unit"), max_length=5, choices=SlaUnit.choices, default=SlaUnit.DAYS
    )
    default_priority = models.CharField(
        _("default priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    may_be_public = models.BooleanField(
        _("may be shown publicly"),
        default=True,
        help_text=_(
            "Off for private matters such as domestic disputes: their events stay private."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        ordering = ["kind", "sort_order", "code"]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        super().clean()
        if self.accept_sla == 0:
            raise ValidationError({"accept_sla": _("Give at least one hour or day.")})
        if self.resolve_sla == 0:
            raise ValidationError({"resolve_sla": _("Give at least one hour or day.")})
