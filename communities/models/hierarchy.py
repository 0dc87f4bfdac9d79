"""The city's administrative hierarchy: district → subdistrict → community → grid."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.hosts import origin_for


class District(models.Model):
    """A district or new district (区/新区), e.g. 南山区, 大鹏新区."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(_("code"), max_length=12, unique=True)
    pinyin = models.CharField(_("pinyin"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Subdistrict(models.Model):
    """A subdistrict (街道), the level whose work station (工作站) serves several communities."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(_("code"), max_length=16, unique=True)
    pinyin = models.CharField(_("pinyin"), max_length=100, blank=True)

    class Meta:
        ordering = ["district__sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="unique_subdistrict_name")
        ]
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")

    def __str__(self) -> str:
        return self.name


class CommunityQuerySet(models.QuerySet):
    def with_hierarchy(self) -> "CommunityQuerySet":
        return self.select_related("subdistrict__district")


class Community(models.Model):
    """A community (社区) and its website: one Wagtail ``Site`` rooted at its home page."""

    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        related_name="communities",
        verbose_name=_("subdistrict"),
    )
    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(
        _("slug"),
        max_length=63,  # a DNS label
        unique=True,
        help_text=_("The first part of the site's host name: <slug>.<portal domain>."),
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    pinyin = models.CharField(_("pinyin"), max_length=120, blank=True, db_index=True)
    initials = models.CharField(_("pinyin initials"), max_length=30, blank=True, db_index=True)
    site = models.OneToOneField(
        "wagtailcore.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community",
        verbose_name=_("site"),
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community",
        verbose_name=_("media collection"),
    )
    editors_group = models.OneToOneField(
        "auth.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="edited_community",
    )
    moderators_group = models.OneToOneField(
        "auth.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderated_community",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["subdistrict__district__sort_order", "subdistrict__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "name"], name="unique_community_name")
        ]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name

    @property
    def hostname(self) -> str:
        return f"{self.slug}.{settings.PORTAL_DOMAIN}"

    def get_url(self, request=None) -> str:
        """The community site's home URL, on the scheme and port the request came in on."""
        return f"{origin_for(self.hostname, request)}/"


class Grid(models.Model):
    """A grid (网格): about 1,000 dwellings, looked after by one grid worker (网格员)."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="grids", verbose_name=_("community")
    )
    code = models.CharField(_("code"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=50)
    dwellings = models.PositiveIntegerField(_("dwellings"), default=1000)

    class Meta:
        ordering = ["code"]
        verbose_name = _("grid")
        verbose_name_plural = _("grids")

    def __str__(self) -> str:
        return f"{self.community.name} {self.name}"


class Building(models.Model):
    """A building (楼栋) of a community and the grid it lies in: routes reports by address."""

    grid = models.ForeignKey(
        Grid, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("grid")
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("community")
    )
    name = models.CharField(_("building"), max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="unique_building_name")
        ]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")

    def __str__(self) -> str:
        return self.name
