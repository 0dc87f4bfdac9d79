"""Admin for the registry of social organisations that organisation staff roles point at."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Organisation


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Social organisations")
    menu_order = 320
    add_to_settings_menu = True
    form_fields = ["name", "credit_code"]
    list_display = ["name", "credit_code"]
    search_fields = ["name", "credit_code"]
    search_backend_name = None
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet("organisations")
