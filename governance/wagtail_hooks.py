"""Admin for the department registry that governance handlers' roles point at."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Department


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


@hooks.register("register_admin_viewset")
def register_department_viewset():
    return DepartmentViewSet("departments")
