"""Civil affairs' "Review disclosures" screens (信息公开审核): the disclosures submitted across
the city, oldest first, and each one's page with "publish" and "return with a reason".

Reviewers only (``Role.CIVIL_AFFAIRS``, and superusers); a reviewer who is also staff of the
organisation sees it but cannot decide (the service refuses: nobody approves their own).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.admin.roles import RefuseWith403Mixin, answer_403
from organisations.models import Disclosure, DisclosureKind, DisclosureStatus
from organisations.services.access import may_publish, reviews_disclosures
from organisations.services.disclosures import publish, return_submission
from portal.forms import add_service_errors

from .display import changes, field_rows
from .forms import ReturnForm

__all__ = ["NAMESPACE", "urlpatterns"]

NAMESPACE = "organisations_review"


class RequireReviewerMixin:
    def dispatch(self, request, *args, **kwargs):
        if not reviews_disclosures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DisclosureKind.choices)
    year = django_filters.NumberFilter(label=_("Year covered"))

    class Meta:
        model = Disclosure
        fields = ["kind", "year"]


class ReviewIndexView(RefuseWith403Mixin, RequireReviewerMixin, generic.IndexView):
    model = Disclosure
    page_title = _("Review disclosures")
    header_icon = "tasks"
    index_url_name = f"{NAMESPACE}:index"
    index_results_url_name = f"{NAMESPACE}:results"
    edit_url_name = f"{NAMESPACE}:review"
    filterset_class = ReviewFilterSet
    any_permission_required = None
    paginate_by = 50

    @cached_property
    def permission_policy(self):
        return None  # reviewers, checked in dispatch

    def get_base_queryset(self):
        return Disclosure.objects.filter(status=DisclosureStatus.SUBMITTED).select_related(
            "organisation", "requirement"
        )

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("submitted_at", "pk")  # the longest waiting first

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Title"), url_name=self.edit_url_name),
            Column("organisation", label=_("Organisation"), accessor="organisation.name"),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("year", label=_("Year"), sort_key="year"),
            Column("version", label=_("Version")),
            DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
        ]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": gettext("Review disclosures")}]


class ReviewView(RefuseWith403Mixin, RequireReviewerMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "organisations/admin/disclosure_review.html"
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        return answer_403(self._dispatch)(request, *args, **kwargs)

    def _dispatch(self, request: HttpRequest, *args, **kwargs):
        if not reviews_disclosures(request.user):
            raise PermissionDenied
        found = (
            Disclosure.objects.select_related("organisation", "requirement", "supersedes")
            .exclude(status=DisclosureStatus.DRAFT)  # a draft is the organisation's own
            .filter(pk=kwargs["pk"])
            .first()
        )
        if found is None:
            raise Http404
        self.disclosure = found
        self.return_form: forms.Form = ReturnForm(prefix="return")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext("Review a disclosure")

    def get_page_subtitle(self) -> str:
        return self.disclosure.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": gettext("Review disclosures")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    @property
    def may_decide(self) -> bool:
        d = self.disclosure
        return d.status == DisclosureStatus.SUBMITTED and may_publish(
            self.request.user, d.organisation_id
        )

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        action = request.POST.get("action", "")
        if action not in ("publish", "return") or not self.may_decide:
            messages.error(request, gettext("This cannot be done to this disclosure now."))
            return self.render_to_response(self.get_context_data(), status=409)
        if action == "return":
            self.return_form = ReturnForm(request.POST, prefix="return")
            if not self.return_form.is_valid():
                messages.error(request, gettext("Nothing was changed: say what must be changed."))
                return self.render_to_response(self.get_context_data(), status=400)
        try:
            if action == "publish":
                publish(request.user, self.disclosure)
                done = gettext("Published: it is public now, and the organisation is told.")
            else:
                reason = self.return_form.cleaned_data["reason"]
                return_submission(request.user, self.disclosure, reason)
                done = gettext("Returned: the organisation is told what to change.")
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(self.return_form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
            messages.error(request, gettext("Nothing was changed."))
            return self.render_to_response(self.get_context_data(), status=400)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(), status=403)
        messages.success(request, done)
        return HttpResponseRedirect(reverse(f"{NAMESPACE}:index"))

    def get_context_data(self, **kwargs) -> dict:
        kwargs.pop("pk", None)
        d = self.disclosure
        return super().get_context_data(
            disclosure=d,
            rows=field_rows(d),
            attachments=list(d.attachments.all()),
            changes=changes(d.supersedes, d) if d.supersedes_id else [],
            may_decide=self.may_decide,
            return_form=self.return_form,
            **kwargs,
        )


urlpatterns = [
    path("", ReviewIndexView.as_view(), name="index"),
    path("results/", ReviewIndexView.as_view(results_only=True), name="results"),
    path("<int:pk>/", ReviewView.as_view(), name="review"),
]
