"""The organisation staff's "Questions" screens (公众质询): the questions residents asked their
organisation, newest first, and each one's page to answer it in public or hide it. Another
organisation's question is "not found". The services are ``organisations.services.questions``.
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
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.admin.roles import RefuseWith403Mixin
from organisations.models import OrganisationQuestion
from organisations.services.access import acted_for_organisations, acting_organisation_ids
from organisations.services.questions import ANSWER_MAX_LENGTH, answer_question, hide_question
from portal.forms import add_service_errors

from .policies import acts_for_any

__all__ = ["NAMESPACE", "urlpatterns"]

NAMESPACE = "organisations_questions"


def staff_questions(user):
    found = OrganisationQuestion.objects.select_related("organisation", "author", "disclosure")
    ids = acting_organisation_ids(user)
    return found if ids is None else found.filter(organisation_id__in=ids)


class RequireStaffMixin:
    def dispatch(self, request, *args, **kwargs):
        if not acts_for_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _answered(queryset, name, value):
    if value in (None, ""):
        return queryset
    return queryset.filter(answered_at__isnull=value != "yes")


def _is_answered(question: OrganisationQuestion) -> bool:
    return question.answered_at is not None


class QuestionFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=lambda request: acted_for_organisations(request.user) if request else None,
    )
    answered = django_filters.ChoiceFilter(
        label=_("Answered"),
        choices=[("no", _("Not yet answered")), ("yes", _("Answered"))],
        method=_answered,
    )
    is_hidden = django_filters.BooleanFilter(label=_("Hidden"))

    class Meta:
        model = OrganisationQuestion
        fields = ["organisation", "is_hidden"]


class QuestionIndexView(RefuseWith403Mixin, RequireStaffMixin, generic.IndexView):
    model = OrganisationQuestion
    page_title = _("Questions")
    header_icon = "help"
    index_url_name = f"{NAMESPACE}:index"
    index_results_url_name = f"{NAMESPACE}:results"
    edit_url_name = f"{NAMESPACE}:answer"
    filterset_class = QuestionFilterSet
    any_permission_required = None
    paginate_by = 50

    @cached_property
    def permission_policy(self):
        return None  # organisation staff, checked in dispatch

    def get_base_queryset(self):
        return staff_questions(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("-created_at", "-pk")

    @cached_property
    def columns(self):
        return [
            TitleColumn("body", label=_("Question"), url_name=self.edit_url_name,
                        accessor=lambda q: q.body[:60]),
            Column("organisation", label=_("Organisation"), accessor="organisation.name"),
            DateColumn("created_at", label=_("Asked"), sort_key="created_at"),
            BooleanColumn("answered", label=_("Answered"), accessor=_is_answered),
            BooleanColumn("is_hidden", label=_("Hidden")),
        ]  # fmt: skip

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": gettext("Questions")}]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Public answer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown publicly under the question; the resident who asked is told."),
    )


class AnswerView(RefuseWith403Mixin, RequireStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "organisations/admin/question_answer.html"
    header_icon = "help"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        found = staff_questions(request.user).filter(pk=kwargs["pk"]).first()
        if found is None and acts_for_any(request.user):
            raise Http404  # another organisation's question: "not found"
        self.question = found
        self.form = AnswerForm(initial={"answer": found.answer if found else ""})
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext("Question")

    def get_page_subtitle(self) -> str:
        return self.question.organisation.name

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": gettext("Questions")},
            {"url": "", "label": gettext("Question")},
        ]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        action = request.POST.get("action", "")
        if action not in ("hide", "answer"):
            messages.error(request, gettext("This cannot be done to this question."))
            return self.render_to_response(self.get_context_data(), status=409)
        if action == "answer":
            self.form = AnswerForm(request.POST)
            if not self.form.is_valid():
                return self._invalid()
        try:
            if action == "hide":
                hide_question(request.user, self.question)
                done = gettext("The question is hidden from the public.")
            else:
                answer_question(request.user, self.question, self.form.cleaned_data["answer"])
                done = gettext("The answer is public; the resident is told.")
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(self.form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
            return self._invalid()
        messages.success(request, done)
        return HttpResponseRedirect(request.path)

    def _invalid(self) -> HttpResponse:
        messages.error(self.request, gettext("Nothing was changed: check the form below."))
        return self.render_to_response(self.get_context_data(), status=400)

    def get_context_data(self, **kwargs) -> dict:
        kwargs.pop("pk", None)
        return super().get_context_data(question=self.question, form=self.form, **kwargs)


urlpatterns = [
    path("", QuestionIndexView.as_view(), name="index"),
    path("results/", QuestionIndexView.as_view(results_only=True), name="results"),
    path("<int:pk>/", AnswerView.as_view(), name="answer"),
]
