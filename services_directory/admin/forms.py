"""The forms and panels of the one-stop services' admin: a city item, a local item and a
service point. The forms only collect the fields; the rules (who may, what is sound) are
``services_directory.services.editing``'s, whose errors the views put on the form."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList

from communities.admin_scope import edited_communities

__all__ = [
    "CITY_ITEM_PANELS",
    "LOCAL_ITEM_PANELS",
    "SERVICE_POINT_PANELS",
    "CommunityScopedForm",
    "ServiceForm",
]


class ServiceForm(WagtailAdminModelForm):
    """Uniqueness and constraints are the editing service's to check, with plainer words
    than the database constraint's name."""

    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass


class CommunityScopedForm(ServiceForm):
    """A form with a ``community``: only the communities the user edits can be chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "community" in self.fields:
            self.fields["community"].queryset = edited_communities(self.for_user)
            self.fields["community"].required = True
            self.fields["community"].empty_label = None


def _texts(name: str, heading) -> MultiFieldPanel:
    return MultiFieldPanel([FieldPanel(name), FieldPanel(f"{name}_en")], heading=heading)


_ITEM_CONTENT = [
    _texts("summary", _("What it is")),
    _texts("eligibility", _("Who can apply")),
    _texts("materials", _("Materials to bring (one per line)")),
    _texts("steps", _("Steps (one per line, in order)")),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("processing_time"), FieldPanel("processing_time_en")]),
            FieldRowPanel([FieldPanel("fee"), FieldPanel("fee_en")]),
        ],
        heading=_("Time and fee"),
    ),
    _texts("legal_basis", _("Legal basis")),
    MultiFieldPanel(
        [
            FieldPanel("at_window"),
            FieldPanel("at_terminal"),
            FieldRowPanel([FieldPanel("elsewhere"), FieldPanel("elsewhere_en")]),
            FieldPanel("online_url"),
        ],
        heading=_("Where to apply"),
    ),
    FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
]

CITY_ITEM_PANELS = ObjectList(
    [
        FieldRowPanel([FieldPanel("category"), FieldPanel("service_type")]),
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        *_ITEM_CONTENT,
    ],
    base_form_class=ServiceForm,
)

LOCAL_ITEM_PANELS = ObjectList(
    [
        FieldPanel("community"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("service_type")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        *_ITEM_CONTENT,
    ],
    base_form_class=CommunityScopedForm,
)

SERVICE_POINT_PANELS = ObjectList(
    [
        FieldPanel("community"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("location"), FieldPanel("location_en")]),
        FieldRowPanel([FieldPanel("hours"), FieldPanel("hours_en")]),
        FieldPanel("phone"),
        FieldPanel("operator"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
    ],
    base_form_class=CommunityScopedForm,
)
