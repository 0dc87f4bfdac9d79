"""The departments that handle governance events (职能部门).

Only the registry that staff roles point at; the taxonomy, events and supervision build on it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlingLevel(models.TextChoices):
    COMMUNITY = "community", _("Community")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")


class Department(models.Model):
    """A city bureau, a district office, or a subdistrict or community office."""

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
        return self.name
