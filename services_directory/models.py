"""The one-stop service catalogue (一站式服务目录) and the places to apply (服务网点).

The city keeps one catalogue of categories and items (8 and 43 when shipped); a community
adds local items and its own service points: the community service centre's comprehensive
window (综合窗口) and the 24-hour self-service terminals (易办事).
Texts are bilingual in pairs (``x`` in Chinese, ``x_en`` in English, shown when the page is
English and it is filled in).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

__all__ = ["ServiceCategory", "ServiceItem", "ServicePoint", "ServicePointKind", "ServiceType"]


class Bilingual:
    def localized(self, field: str) -> str:
        """The English text of ``field`` on English pages when there is one, else Chinese."""
        if (get_language() or "").startswith("en"):
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)

    @property
    def display_name(self) -> str:
        return self.localized("name")


class ServiceType(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative service")  # 行政服务
    PUBLIC_WELFARE = "public_welfare", _("Public-welfare service")  # 公益服务
    MARKET = "market", _("Market service")  # 市场服务


class ServiceCategory(Bilingual, models.Model):
    """One of the catalogue's categories (服务类别), e.g. 计生服务."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class ServiceItem(Bilingual, models.Model):
    """A service a resident can apply for (服务事项): the city's, or one community's own."""

    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="items", verbose_name=_("category")
    )
    # Empty: a city-wide item of the catalogue. Set: a local item of that community only.
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_service_items",
        verbose_name=_("community (local items only)"),
    )
    code = models.SlugField(_("code"), max_length=60, blank=True)
    service_type = models.CharField(
        _("type"), max_length=16, choices=ServiceType.choices, default=ServiceType.ADMINISTRATIVE
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    summary = models.TextField(_("what it is"))
    summary_en = models.TextField(_("what it is (English)"), blank=True)
    eligibility = models.TextField(_("who is eligible"))
    eligibility_en = models.TextField(_("who is eligible (English)"), blank=True)
    materials = models.TextField(_("materials to bring"), help_text=_("One per line."))
    materials_en = models.TextField(_("materials to bring (English)"), blank=True)
    steps = models.TextField(_("steps"), help_text=_("One per line, in order."))
    steps_en = models.TextField(_("steps (English)"), blank=True)
    processing_time = models.CharField(_("processing time"), max_length=100)
    processing_time_en = models.CharField(
        _("processing time (English)"), max_length=150, blank=True
    )
    fee = models.CharField(_("fee"), max_length=100)
    fee_en = models.CharField(_("fee (English)"), max_length=150, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    at_window = models.BooleanField(
        _("at the comprehensive window"),
        default=True,
        help_text=_("Can be applied for at the community service centre's comprehensive window."),
    )
    at_terminal = models.BooleanField(
        _("at the self-service terminals"),
        default=False,
        help_text=_("Can be applied for at a 24-hour self-service terminal (易办事)."),
    )
    elsewhere = models.CharField(
        _("applied for elsewhere"),
        max_length=200,
        blank=True,
        help_text=_(
            "Another office where it is handled, e.g. the district's administrative service hall."
        ),
    )
    elsewhere_en = models.CharField(
        _("applied for elsewhere (English)"), max_length=250, blank=True
    )
    online_url = models.URLField(
        _("apply online"), blank=True, help_text=_("Where it can be started online, if it can.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Withdrawn items are kept but no longer listed.")
    )

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["category__sort_order", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(community__isnull=True) & ~Q(code=""),
                name="one_city_service_item_per_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local(self) -> bool:
        return self.community_id is not None

    def lines(self, field: str) -> list[str]:
        """A one-per-line field (materials, steps) as a list, in the page's language."""
        return [line.strip() for line in self.localized(field).splitlines() if line.strip()]


class ServicePointKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("Community service centre")  # 社区服务中心（综合窗口）
    TERMINAL = "terminal", _("24-hour self-service terminal")  # 易办事自助终端


class ServicePoint(Bilingual, models.Model):
    """A place in a community where residents apply (服务网点), with its hours."""

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="service_points",
        verbose_name=_("community"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ServicePointKind.choices)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    location = models.CharField(_("location"), max_length=200)
    location_en = models.CharField(_("location (English)"), max_length=250, blank=True)
    hours = models.CharField(_("opening hours"), max_length=150)
    hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
    phone = models.CharField(
        _("public phone"),
        max_length=40,
        blank=True,
        help_text=_("The office line, never a mobile."),
    )
    # A community service centre run by a social organisation (社会组织运营).
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_centres",
        verbose_name=_("run by"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["kind", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name
