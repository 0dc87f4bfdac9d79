"""The registry of social organisations in the admin (社会组织登记), in the Settings menu: city
administrators register organisations and keep their facts, the communities they serve and
whether they are still active. An invalid unified social credit code gets the validator's
message on the field; the communities an organisation runs centres for are set on the
service points (``ServicePoint.operator``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

from communities.models import Community
from organisations.models import Organisation, OrganisationType, validate_credit_code

__all__ = ["OrganisationForm", "OrganisationViewSet"]

FORM_FIELDS = [
    "name", "name_en", "credit_code", "organisation_type", "registration_authority",
    "founded_on", "summary", "summary_en", "office_address", "office_phone", "communities",
    "is_active",
]  # fmt: skip


class OrganisationForm(WagtailAdminModelForm):
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=40,  # spaces and dashes copied from a certificate are taken out below
        help_text=_("18 characters, on the registration certificate, e.g. 51440300MJL1234568."),
    )

    class Meta:
        model = Organisation
        fields = FORM_FIELDS
        widgets = {"communities": forms.SelectMultiple(attrs={"size": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = Community.objects.order_by("name", "pk")
        self.fields["organisation_type"].required = False
        self.fields["communities"].help_text = _(
            "The communities whose residents it serves: its page is listed on their sites."
        )

    def clean_organisation_type(self) -> str:
        # Filed community organisations (社区社会组织) are the most common kind: the default.
        return self.cleaned_data.get("organisation_type") or OrganisationType.COMMUNITY

    def clean_credit_code(self) -> str:
        code = "".join(self.cleaned_data["credit_code"].split()).replace("-", "").upper()
        validate_credit_code(code)
        return code


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Social organisations")
    menu_order = 320
    add_to_settings_menu = True
    form_fields = FORM_FIELDS
    list_display = [
        "name",
        "credit_code",
        Column("organisation_type", label=_("Type"), accessor="get_organisation_type_display"),
        Column("transparency_index", label=_("Transparency index"), sort_key="transparency_index"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    list_filter = ["organisation_type", "is_active"]
    search_fields = ["name", "name_en", "credit_code"]
    search_backend_name = None
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return OrganisationForm
