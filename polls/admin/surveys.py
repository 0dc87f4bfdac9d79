"""Opinion polls (民意调查) in the admin: a community's editors (and city administrators) write
polls with their questions, publish them, and download the answers as CSV.

A Wagtail ``ModelViewSet`` whose queryset, community choices and object lookups are scoped to
the communities the user edits (another community's poll is "not found"). The rules — a sound
window, sound questions, nothing answered changes — come from ``polls.services.surveys``.
"""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from accounts.admin.roles import RefuseWith403Mixin
from communities.admin_scope import (
    CommunityThingsViewSet,
    EditedCommunityPermissionPolicy,
    community_filter,
    scope_to_edited,
)
from polls.models import Survey
from polls.services.surveys import (
    export_responses_csv,
    export_results_csv,
    record_export,
    record_publication,
)

from .surveys_forms import QuestionsPanel, SurveyAdminForm

__all__ = ["SurveyPermissionPolicy", "SurveyViewSet", "viewset"]


def _surveys(user):
    return scope_to_edited(Survey.objects.select_related("community"), user)


class SurveyPermissionPolicy(EditedCommunityPermissionPolicy):
    """Editors manage the polls of the communities they edit. Nobody deletes a poll (its
    answers would go with it): unpublish it instead."""


# Before anything asks for the policy (Wagtail would make a fallback one).
register_permission_policy(Survey, SurveyPermissionPolicy(Survey), exact_class=True)


class SurveyCreateView(RefuseWith403Mixin, generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        survey = super().save_instance()
        record_publication(self.request.user, survey, was_published=False)
        return survey


class SurveyEditView(RefuseWith403Mixin, generic.EditView):
    def get_queryset(self):
        return _surveys(self.request.user)  # another community's poll: 404

    def get_object(self, queryset=None):
        survey = super().get_object(queryset)
        self.was_published = survey.is_published
        return survey

    def save_instance(self):
        survey = super().save_instance()
        record_publication(self.request.user, survey, was_published=self.was_published)
        return survey

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        for priority, (label, name) in enumerate(_EXPORTS, start=40):
            url = reverse(f"polls_surveys:{name}", args=[self.object.pk])
            buttons.append(Button(label, url=url, icon_name="download", priority=priority))
        return buttons


class SurveyHistoryView(RefuseWith403Mixin, HistoryView):
    def get_base_object_queryset(self):
        return _surveys(self.request.user)


class SurveyFilterSet(WagtailFilterSet):
    community = community_filter()

    class Meta:
        model = Survey
        fields = ["community", "is_published"]


_EXPORTS = (
    (_("Download the answers (CSV)"), "export_responses"),
    (_("Download the results (CSV)"), "export_results"),
)


class SurveyIndexView(RefuseWith403Mixin, generic.IndexView):
    filterset_class = SurveyFilterSet

    def get_base_queryset(self):
        return _surveys(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("-opens_at", "-pk")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, name) in enumerate(_EXPORTS, start=40):
            url = reverse(f"polls_surveys:{name}", args=[instance.pk])
            buttons.append(MenuItem(label, url=url, icon_name="download", priority=priority))
        return buttons

    @cached_property
    def columns(self):
        return [
            # Wagtail's own title column: it carries each row's buttons (edit, the downloads).
            self._get_title_column("title"),
            Column("community", label=_("Community"), accessor="community.name"),
            DateColumn("opens_at", label=_("Opens"), sort_key="opens_at"),
            DateColumn("closes_at", label=_("Closes"), sort_key="closes_at"),
            BooleanColumn("is_published", label=_("Published")),
        ]


def _csv_response(rows, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read the Chinese as UTF-8
    csv.writer(response).writerows(rows)
    return response


class SurveyViewSet(CommunityThingsViewSet):
    model = Survey
    name = "polls_surveys"
    icon = "list-ul"
    menu_label = _("Opinion polls")
    index_view_class = SurveyIndexView
    add_view_class = SurveyCreateView
    edit_view_class = SurveyEditView
    history_view_class = SurveyHistoryView
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("title"),
            FieldPanel("intro"),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldPanel("who_may_answer"),
            FieldPanel("results_shown"),
            FieldPanel("is_published"),
            QuestionsPanel(
                "questions",
                label=_("Questions"),
                min_num=1,
                panels=[
                    FieldPanel("text"),
                    FieldPanel("kind"),
                    FieldPanel("choices"),
                    FieldPanel("max_choices"),
                    FieldPanel("required"),
                ],
            ),
        ],
        base_form_class=SurveyAdminForm,
    )

    def export_view(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        """The answers (one row per response, nobody named) or the counts, as CSV."""
        survey = get_object_or_404(_surveys(request.user), pk=pk)  # elsewhere: not found
        record_export(request.user, survey, kind)
        if kind == "responses":
            return _csv_response(export_responses_csv(survey), f"poll-{survey.pk}-answers.csv")
        return _csv_response(export_results_csv(survey), f"poll-{survey.pk}-results.csv")

    def extra_urlpatterns(self):
        return [
            path(
                "export/<int:pk>/answers.csv",
                self.export_view,
                {"kind": "responses"},
                name="export_responses",
            ),
            path(
                "export/<int:pk>/results.csv",
                self.export_view,
                {"kind": "results"},
                name="export_results",
            ),
        ]


viewset = SurveyViewSet()
