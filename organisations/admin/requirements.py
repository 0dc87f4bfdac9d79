"""The "Required disclosures" screens (定期信息公开要求): civil-affairs reviewers and city
administrators set which disclosures every organisation must publish, and by when (e.g. the
annual work report by 31 May of the following year). Never deleted: disclosures point at a
requirement, so it is taken out of force instead."""

from __future__ import annotations

import calendar

from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

from organisations.models import DisclosureRequirement
from organisations.services.disclosures.fields import FIRST_YEAR

__all__ = ["RequirementViewSet", "due_label"]


def due_label(requirement: DisclosureRequirement) -> str:
    return gettext("%(month)s/%(day)s of the following year") % {
        "month": requirement.due_month,
        "day": requirement.due_day,
    }


class RequirementForm(WagtailAdminModelForm):
    class Meta:
        model = DisclosureRequirement
        fields = ["name", "name_en", "kind", "due_month", "due_day", "first_year", "is_active"]

    def clean(self):
        data = super().clean()
        month, day, first = data.get("due_month"), data.get("due_day"), data.get("first_year")
        if month is not None and not 1 <= month <= 12:
            self.add_error("due_month", gettext("A month is from 1 to 12."))
        elif month is not None and day is not None:
            # 29 February is allowed: in a common year the 28th is the deadline.
            longest = calendar.monthrange(2024, month)[1]
            if not 1 <= day <= longest:
                self.add_error(
                    "due_day",
                    gettext("Month %(month)s has at most %(days)s days.")
                    % {"month": month, "days": longest},
                )
        last = timezone.localdate().year + 1
        if first is not None and not FIRST_YEAR <= first <= last:
            self.add_error(
                "first_year",
                gettext("The first year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": last},
            )
        return data


class RequirementViewSet(ModelViewSet):
    model = DisclosureRequirement
    icon = "date"
    name = "organisations_requirements"
    url_prefix = "disclosure-requirements"
    menu_label = _("Required disclosures")
    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    form_fields = RequirementForm._meta.fields
    list_display = [
        "name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("due", label=_("Due"), accessor=due_label),
        Column("first_year", label=_("First year covered"), sort_key="first_year"),
        BooleanColumn("is_active", label=_("In force"), sort_key="is_active"),
    ]
    list_filter = ["kind", "is_active"]

    def get_form_class(self, for_update=False):
        return RequirementForm

    def get_permissions_to_register(self):
        return Permission.objects.none()

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"delete_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in ("delete", "usage")
        ]


viewset = RequirementViewSet()
