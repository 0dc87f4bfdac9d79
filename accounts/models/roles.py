"""Staff roles, each scoped to the one place where it gives rights (角色与权限范围)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNITY_EDITOR = "community_editor", _("Community editor")
    COMMUNITY_MODERATOR = "community_moderator", _("Community moderator")
    ORGANISATION_STAFF = "organisation_staff", _("Social-organisation staff")
    GOVERNANCE_HANDLER = "governance_handler", _("Governance handler")
    DISPATCHER = "dispatcher", _("Dispatcher")  # 分流员, of a dispatch centre
    GRID_WORKER = "grid_worker", _("Grid worker")  # 网格员
    SUPERVISOR = "supervisor", _("Supervisor")
    CITY_ADMIN = "city_admin", _("City administrator")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil-affairs reviewer")  # 民政部门审核员


class SupervisionLevel(models.TextChoices):
    """The level of an area a supervisor or a dispatch centre covers (层级)."""

    COMMUNITY = "community", _("Community")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")


# Which scope field each role needs ("level": the area field its level names); every other
# scope field must be empty, except a handler's optional area.
ROLE_SCOPE = {
    Role.COMMUNITY_EDITOR: "community",
    Role.COMMUNITY_MODERATOR: "community",
    Role.ORGANISATION_STAFF: "organisation",
    Role.GOVERNANCE_HANDLER: "department",
    Role.SUPERVISOR: "level",
    Role.DISPATCHER: "level",
    Role.GRID_WORKER: "grid",
    Role.CITY_ADMIN: None,
    Role.CIVIL_AFFAIRS: None,
}
# Levels each area-level role may have: nobody supervises a single community.
ROLE_LEVELS = {
    Role.SUPERVISOR: (
        SupervisionLevel.SUBDISTRICT,
        SupervisionLevel.DISTRICT,
        SupervisionLevel.CITY,
    ),
    Role.DISPATCHER: tuple(SupervisionLevel),
}
# A handler works in a department's unit for one area (a district's branch, a subdistrict's
# team) or, with none of these, for the whole city.
HANDLER_AREA_FIELDS = ("community", "subdistrict", "district")
SCOPE_FIELDS = ("community", "organisation", "department", "subdistrict", "district", "grid")
# Whole sentences, so that each reads naturally once translated.
MISSING_SCOPE = {
    "community": _("This role needs a community."),
    "organisation": _("This role needs a social organisation."),
    "department": _("This role needs a department."),
    "subdistrict": _("This role needs a subdistrict at this level."),
    "district": _("This role needs a district at this level."),
    "grid": _("A grid worker needs a grid."),
}


class RoleGrant(models.Model):
    """A staff role given to a user for one community, organisation, department or area.

    Residents are not granted here: being a verified resident is an approved ``Residency``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("community"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("social organisation"),
    )
    department = models.ForeignKey(
        "governance.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("department"),
    )
    level = models.CharField(
        _("supervision level"),
        max_length=12,
        choices=SupervisionLevel.choices,
        blank=True,
    )
    subdistrict = models.ForeignKey(
        "communities.Subdistrict",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("subdistrict"),
    )
    district = models.ForeignKey(
        "communities.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("district"),
    )
    grid = models.ForeignKey(
        "communities.Grid",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("grid"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        ordering = ["role", "-granted_at"]
        indexes = [models.Index(fields=["user", "role"], name="accounts_rolegrant_user_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.role == Role.CITY_ADMIN or self.level == SupervisionLevel.CITY:
            return str(_("whole city"))
        labels = [str(getattr(self, name)) for name in SCOPE_FIELDS if getattr(self, name)]
        return " · ".join(labels) if labels else str(_("whole city"))

    def clean(self) -> None:
        super().clean()
        needed = ROLE_SCOPE.get(self.role)
        required: set[str] = set()
        optional: set[str] = set()
        if needed == "level":
            allowed = ROLE_LEVELS[self.role]
            if not self.level:
                raise ValidationError(
                    {"level": _("Choose the level of the area this role covers.")}
                )
            if self.level not in allowed:
                raise ValidationError(
                    {"level": _("Supervisors work at the subdistrict, district or city level.")}
                )
            if self.level != SupervisionLevel.CITY:
                required = {self.level}
        elif needed:
            required = {needed}
        if self.role == Role.GOVERNANCE_HANDLER:
            optional = set(HANDLER_AREA_FIELDS)
        errors = {}
        for name in SCOPE_FIELDS:
            has = getattr(self, f"{name}_id") is not None
            if name in required and not has:
                errors[name] = MISSING_SCOPE[name]
            elif name not in required | optional and has:
                errors[name] = _("This role does not use this field; leave it empty.")
        if optional and sum(getattr(self, f"{name}_id") is not None for name in optional) > 1:
            errors["community"] = _(
                "Give at most one area: a community, a subdistrict or a district."
            )
        if needed != "level" and self.level:
            errors["level"] = _("Only supervisors and dispatchers have a level.")
        if errors:
            raise ValidationError(errors)
