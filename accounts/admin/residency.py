"""Admin screens for residency (居民认证): editors decide their communities' requests and
import census lists. Requests of other communities are "not found", never listed.

Applicants' phone numbers and addresses are masked; the "show" button reveals them through
``accounts.privacy.reveal``, which checks the role and logs who looked.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Q, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.models import Residency, ResidencyStatus
from accounts.privacy.masking import mask_address
from accounts.privacy.reveal import PI_REVEAL_ACTION, masked, reveal
from accounts.services.residency import REASON_MAX_LENGTH, approve_residency, reject_residency
from communities.scope import editable_communities

from .census import URL_NAMESPACE, CensusImportView, CensusIndexView


class ResidencyPermissionPolicy(BasePermissionPolicy):
    """Editors see and decide ("change") the requests of the communities they edit.

    Rights come from editing a community, not from model permissions; nobody adds, edits or
    deletes a request in the admin: residents make them, editors decide them.
    """

    actions = frozenset({"view", "change"})

    def user_has_permission(self, user, action: str) -> bool:
        if action not in self.actions:
            return False
        # Asked for "change" and "view" on every admin page (the menu): once per request.
        try:
            return user._jiayuan_edits_a_community
        except AttributeError:
            user._jiayuan_edits_a_community = editable_communities(user).exists()
            return user._jiayuan_edits_a_community

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return (
            action in self.actions
            and editable_communities(user).filter(pk=instance.community_id).exists()
        )

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(
            Q(is_superuser=True) | Q(groups__edited_community__isnull=False)
        ).distinct()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.actions.intersection(actions):
            return Residency.objects.none()
        return Residency.objects.filter(community__in=editable_communities(user))


def scoped_requests(user):
    return Residency.objects.filter(community__in=editable_communities(user))


def masked_dwelling(residency: Residency) -> str:
    return mask_address(f"{residency.building} {residency.unit}")


class ResidencyFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ResidencyStatus.choices)
    community = django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=lambda request: editable_communities(request.user) if request else None,
    )

    class Meta:
        model = Residency
        fields = ["status", "community"]


class ResidencyIndexView(generic.IndexView):
    """Requests of the editor's communities, those waiting for a decision first."""

    page_title = _("Residency requests")
    filterset_class = ResidencyFilterSet
    census_url_name = f"{URL_NAMESPACE}:census_index"

    def get_base_queryset(self):
        return scoped_requests(self.request.user).select_related("user", "community")

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.annotate(
            _waiting=Case(
                When(status=ResidencyStatus.PENDING, then=0), default=1, output_field=IntegerField()
            )
        ).order_by("_waiting", "-created_at", "-pk")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "applicant",
                label=_("Applicant"),
                accessor=lambda r: r.user.public_name,
                get_url=lambda r: reverse(self.edit_url_name, args=[r.pk]),
            ),
            Column("phone", label=_("Mobile phone"), accessor=lambda r: masked(r.user, "phone")),
            Column("dwelling", label=_("Building and unit"), accessor=masked_dwelling),
            Column("community", label=_("Community"), accessor="community.name"),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            DateColumn("created_at", label=_("Requested at"), sort_key="created_at"),
        ]

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Import census list"), url=reverse(self.census_url_name), icon_name="upload"
            )
        ]


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given to the resident"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject; the resident sees it. Optional when approving."),
    )


class DecideResidencyView(WagtailAdminTemplateMixin, FormView):
    """One request: masked details, "show" (logged), approve or reject with a reason."""

    template_name = "accounts/residency_admin_decide.html"
    form_class = DecisionForm
    page_title = _("Residency request")
    header_icon = "user"
    index_url_name = f"{URL_NAMESPACE}:index"
    revealed: dict | None = None

    def dispatch(self, request, *args, **kwargs):
        # Another community's request is "not found" rather than "forbidden": no enumeration.
        self.object = get_object_or_404(
            scoped_requests(request.user).select_related("user", "community", "grid"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.object.user.public_name

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": gettext("Residency requests")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs) -> dict:
        residency = self.object
        return super().get_context_data(
            residency=residency,
            applicant=residency.user,
            masked_phone=masked(residency.user, "phone"),
            masked_name=masked(residency.user, "real_name"),
            masked_dwelling=masked_dwelling(residency),
            revealed=self.revealed,
            pending=residency.status == ResidencyStatus.PENDING,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "reveal":
            return self._reveal()
        return super().post(request, *args, **kwargs)

    def _reveal(self):
        applicant = self.object.user
        why = f"residency request {self.object.pk}"
        try:
            self.revealed = {
                "phone": reveal(self.request.user, applicant, "phone", reason=why),
                "real_name": reveal(self.request.user, applicant, "real_name", reason=why),
            }
        except PermissionDenied as error:
            messages.error(self.request, str(error))
            return self.render_to_response(self.get_context_data())
        # The building and unit live on the request, not the user: logged like the rest.
        log(
            instance=applicant,
            action=PI_REVEAL_ACTION,
            user=self.request.user,
            title=applicant.public_name,
            data={"field": "residency_dwelling", "reason": why},
        )
        self.revealed["dwelling"] = f"{self.object.building} {self.object.unit}"
        return self.render_to_response(self.get_context_data())

    def form_valid(self, form):
        approve = self.request.POST.get("action") == "approve"
        reason = form.cleaned_data["reason"]
        try:
            if approve:
                approve_residency(self.request.user, self.object, reason)
            else:
                reject_residency(self.request.user, self.object, reason)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                return self.form_invalid(form)
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(self.request.path)
        text = (
            gettext("%(name)s is now a verified resident of %(community)s.")
            if approve
            else gettext("The request of %(name)s to join %(community)s was rejected.")
        )
        messages.success(
            self.request,
            text % {"name": self.object.user.public_name, "community": self.object.community.name},
        )
        return HttpResponseRedirect(reverse(self.index_url_name))

    def form_invalid(self, form):
        messages.validation_error(self.request, gettext("The request was not decided."), form)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ResidencyViewSet(ModelViewSet):
    model = Residency
    name = URL_NAMESPACE
    icon = "user"
    menu_label = _("Residency requests")
    menu_order = 260
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = ResidencyIndexView
    list_per_page = 50
    search_fields = ["user__display_name"]  # the public name: searching reveals nothing
    search_backend_name = None  # plain ORM lookups

    def get_permissions_to_register(self):
        return Permission.objects.none()  # rights come from editing a community

    def get_urlpatterns(self):
        # Only these views: no add, edit form, delete or copy (see ResidencyPermissionPolicy).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("edit/<int:pk>/", DecideResidencyView.as_view(), name="edit"),
            path("census/", CensusIndexView.as_view(), name="census_index"),
            path("census/<int:community_id>/", CensusImportView.as_view(), name="census"),
        ]
