"""The organisation staff's "Disclosures" screens (信息公开): their own organisation's
disclosures only (another's is "not found"), a new one in two steps (organisation and kind,
then the kind's form), and each one's page (``manage``) to edit, attach, submit or correct.

A Wagtail ``ModelViewSet`` without model permissions: the rights come from the staff role
(``DisclosurePermissionPolicy``); every change goes through ``organisations.services``.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.admin.roles import RefuseWith403Mixin
from organisations.models import Disclosure, DisclosureKind, DisclosureStatus, Organisation
from organisations.services.access import acted_for_organisations, acts_for
from organisations.services.disclosures import create_draft, default_requirement
from portal.forms import add_service_errors

from .files import attachment_file
from .forms import ChooseKindForm, disclosure_form_class
from .manage import DisclosureManageView
from .policies import acts_for_any, staff_disclosures

__all__ = ["NAMESPACE", "DisclosureViewSet"]

NAMESPACE = "organisations_disclosures"


class RequireStaffMixin:
    def dispatch(self, request, *args, **kwargs):
        if not acts_for_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DisclosureFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=lambda request: acted_for_organisations(request.user) if request else None,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DisclosureStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DisclosureKind.choices)
    year = django_filters.NumberFilter(label=_("Year covered"))

    class Meta:
        model = Disclosure
        fields = ["organisation", "status", "kind", "year"]


class DisclosureIndexView(RefuseWith403Mixin, RequireStaffMixin, generic.IndexView):
    filterset_class = DisclosureFilterSet
    page_title = _("Disclosures")

    def get_base_queryset(self):
        return staff_disclosures(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("-updated_at", "-pk")

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Title"), url_name=self.edit_url_name),
            Column("organisation", label=_("Organisation"), accessor="organisation.name"),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("year", label=_("Year"), sort_key="year"),
            Column("version", label=_("Version")),
            Column("status", label=_("Status"), accessor="get_status_display"),
            DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
        ]


class ChooseKindView(
    RefuseWith403Mixin, RequireStaffMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Step one: the organisation (when the user acts for several) and the kind."""

    template_name = "organisations/admin/disclosure_choose.html"
    header_icon = "doc-full"
    page_title = _("New disclosure")

    def get(self, request, *args, **kwargs):
        form = ChooseKindForm(request.GET or None, user=request.user)
        if form.is_bound and form.is_valid():
            return HttpResponseRedirect(
                reverse(
                    f"{NAMESPACE}:add_kind",
                    args=[form.cleaned_data["organisation"].pk, form.cleaned_data["kind"]],
                )
            )
        return self.render_to_response(self.get_context_data(form=form))

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": gettext("Disclosures")},
            {"url": "", "label": gettext("New disclosure")},
        ]


class CreateDisclosureView(
    RefuseWith403Mixin, RequireStaffMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Step two: the disclosure's form for the chosen kind; saved as a draft."""

    template_name = "organisations/admin/disclosure_create.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in DisclosureKind.values:
            raise Http404
        self.kind = kwargs["kind"]
        self.organisation = get_object_or_404(Organisation, pk=kwargs["organisation_id"])
        if not acts_for(request.user, self.organisation):
            raise Http404  # another organisation: "not found"
        self.form_class = disclosure_form_class(self.kind)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext("New disclosure: %(kind)s") % {"kind": DisclosureKind(self.kind).label}

    def get_page_subtitle(self) -> str:
        return self.organisation.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": gettext("Disclosures")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        year = today.year - 1 if self.kind == DisclosureKind.FINANCIAL else today.year
        initial = {"year": year, "requirement": default_requirement(self.kind, year)}
        return self.render_to_response(self.get_context_data(form=self.form_class(initial=initial)))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                disclosure = create_draft(
                    request.user, self.organisation, kind=self.kind, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, gettext("The draft is saved. Submit it when it is complete.")
                )
                return HttpResponseRedirect(reverse(f"{NAMESPACE}:edit", args=[disclosure.pk]))
        messages.error(request, gettext("Nothing was saved: check the form below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, kind=self.kind, **kwargs)


class DisclosureHistoryView(RefuseWith403Mixin, RequireStaffMixin, HistoryView):
    def get_base_object_queryset(self):
        return staff_disclosures(self.request.user)


class DisclosureViewSet(ModelViewSet):
    model = Disclosure
    icon = "doc-full"
    name = NAMESPACE
    url_prefix = "disclosures"
    menu_label = _("Disclosures")
    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    search_fields = ["title"]
    list_per_page = 50
    index_view_class = DisclosureIndexView
    history_view_class = DisclosureHistoryView
    form_fields = ["title"]  # the forms are the kind's own (see CreateDisclosureView)

    def get_permissions_to_register(self):
        return Permission.objects.none()

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"delete_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", ChooseKindView.as_view(), name="add"),
            path("new/<int:organisation_id>/<str:kind>/", CreateDisclosureView.as_view(),
                 name="add_kind"),
            path("edit/<int:pk>/", DisclosureManageView.as_view(), name="edit"),
            path("attachment/<int:pk>/", attachment_file, name="attachment"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]  # fmt: skip


viewset = DisclosureViewSet()
