"""Admin screens for the taxonomy (事件分类) and the working calendar, in the Settings menu.

City administrators keep the departments, the event categories and the days the holiday
notice moves (调休). A category is never deleted: events PROTECT it, so it is taken out of use
("in use" off) instead, which keeps old events readable.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from governance.models import Category, Department, WorkingDayOverride


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_order = 310
    add_to_settings_menu = True
    form_fields = ["code", "name", "name_en", "level"]
    list_display = ["name", "name_en", "code", "level"]
    list_filter = ["level"]
    search_fields = ["name", "name_en", "code"]
    search_backend_name = None
    copy_view_enabled = False


class CategoryPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except that nobody deletes a category (not even superusers)."""

    def user_has_permission(self, user, action: str) -> bool:
        return action != "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "delete"]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


CATEGORY_PERMISSION_POLICY = CategoryPermissionPolicy(Category)


def _sla(amount: int, unit_label: str) -> str:
    return f"{amount} {unit_label}"


class CategoryIndexView(IndexView):
    def get_base_queryset(self):
        # The department column would otherwise cost a query per row.
        return super().get_base_queryset().select_related("department")


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Event categories")
    menu_order = 311
    add_to_settings_menu = True
    index_view_class = CategoryIndexView
    form_fields = [
        "code", "kind", "name", "name_en", "department", "handling_level",
        "accept_sla", "accept_sla_unit", "resolve_sla", "resolve_sla_unit",
        "default_priority", "may_be_public", "is_active", "sort_order",
    ]  # fmt: skip
    list_display = [
        "name",
        "kind",
        "department",
        "handling_level",
        Column(
            "accept_sla",
            label=_("Time to accept"),
            accessor=lambda c: _sla(c.accept_sla, c.get_accept_sla_unit_display()),
        ),
        Column(
            "resolve_sla",
            label=_("Time to resolve"),
            accessor=lambda c: _sla(c.resolve_sla, c.get_resolve_sla_unit_display()),
        ),
        BooleanColumn("may_be_public", label=_("Public"), sort_key="may_be_public"),
        BooleanColumn("is_active", label=_("In use"), sort_key="is_active"),
    ]
    list_filter = ["kind", "department", "handling_level", "may_be_public", "is_active"]
    search_fields = ["name", "name_en", "code"]
    search_backend_name = None
    copy_view_enabled = False

    def register_permissions(self):
        # Registered before Wagtail would fall back to the plain model policy for Category.
        register_permission_policy(Category, CATEGORY_PERMISSION_POLICY, exact_class=True)
        super().register_permissions()


class WorkingDayOverrideViewSet(ModelViewSet):
    model = WorkingDayOverride
    icon = "date"
    menu_label = _("Working calendar")
    menu_order = 312
    add_to_settings_menu = True
    form_fields = ["date", "is_working_day", "note"]
    list_display = [
        "date",
        BooleanColumn("is_working_day", label=_("Working day"), sort_key="is_working_day"),
        "note",
    ]
    list_filter = ["is_working_day"]
    copy_view_enabled = False


def taxonomy_viewsets() -> list[ModelViewSet]:
    """The taxonomy's admin viewsets, for ``register_admin_viewset`` in wagtail_hooks."""
    return [
        DepartmentViewSet("departments"),
        CategoryViewSet("event_categories"),
        WorkingDayOverrideViewSet("working_calendar"),
    ]
