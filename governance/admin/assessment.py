"""The assessment report (考核) in the admin: figures per department or community and period.

A Wagtail ``ReportView``: the filters drawer chooses the grouping and the period, the table
shows one row per department or community plus the totals, and "Download CSV/XLSX" exports
the same rows. Staff see only the events in their own scope.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput

from governance.models import Event
from governance.scope import events_in_scope, governance_scope
from governance.services.assessment import (
    AssessmentRow,
    GroupBy,
    Period,
    assess,
    assessment_total,
    check_period,
    local_today,
    period_bounds,
)
from portal.spreadsheets import ExcelCsvMixin

URL_NAMESPACE = "governance_assessment"


def may_see_assessment(user) -> bool:
    """Governance staff (dispatchers, handlers, supervisors, grid workers) and city admins."""
    return governance_scope(user).is_governance_staff


class AssessmentFilterForm(forms.Form):
    """Turns the period choice and the dates into ``start``/``end``, or field errors."""

    def clean(self):
        data = super().clean()
        if self.errors:  # a date that is not a date: its field already says so
            return data
        period = data.get("period") or Period.THIS_MONTH
        start, end = data.get("start"), data.get("end")
        if period != Period.CUSTOM:
            # A named period wins over dates left in the form from an earlier choice.
            data["start"], data["end"] = period_bounds(period, local_today())
            return data
        if start is None:
            self.add_error("start", gettext("Give the first day of the period."))
        if end is None:
            self.add_error("end", gettext("Give the last day of the period."))
        if start is not None and end is not None:
            try:
                check_period(start, end)
            except ValidationError as error:
                self.add_error("end" if end < start else "start", error)
        return data


def _as_is(queryset, name, value):
    # The filters choose what to compute, they do not narrow a queryset.
    return queryset


class AssessmentFilterSet(WagtailFilterSet):
    group_by = django_filters.ChoiceFilter(
        label=_("Group by"), choices=GroupBy.choices, empty_label=None,
        initial=GroupBy.DEPARTMENT, widget=forms.RadioSelect, method=_as_is,
    )  # fmt: skip
    period = django_filters.ChoiceFilter(
        label=_("Period"), choices=Period.choices, empty_label=None,
        initial=Period.THIS_MONTH, widget=forms.RadioSelect, method=_as_is,
    )  # fmt: skip
    start = django_filters.DateFilter(label=_("First day"), widget=AdminDateInput, method=_as_is)
    end = django_filters.DateFilter(label=_("Last day"), widget=AdminDateInput, method=_as_is)

    class Meta:
        model = Event
        fields: list[str] = []
        form = AssessmentFilterForm


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class AssessmentTable(Table):
    def get_row_classname(self, instance: AssessmentRow) -> str:
        return "w-font-bold" if instance.key is None else ""  # the totals row


# Column (and export field) → heading; the first one's heading depends on the grouping.
HEADINGS: dict[str, str] = {
    "received": _("Received"),
    "accepted_on_time": _("Accepted on time"),
    "accepted_late": _("Accepted late"),
    "accepted_on_time_rate": _("Accepted on time (%)"),
    "resolved": _("Resolved"),
    "resolved_on_time": _("Resolved on time"),
    "resolved_on_time_rate": _("Resolved on time (%)"),
    "overdue": _("Overdue"),
    "reopened": _("Reopened"),
    "reopens": _("Times reopened"),
    "avg_satisfaction": _("Average satisfaction"),
    "avg_handling_hours": _("Average handling time (hours)"),
}
_FORMATTED = {
    "accepted_on_time_rate": lambda row: _percent(row.accepted_on_time_rate),
    "resolved_on_time_rate": lambda row: _percent(row.resolved_on_time_rate),
    "avg_satisfaction": lambda row: _number(row.avg_satisfaction),
    "avg_handling_hours": lambda row: _number(row.avg_handling_hours),
}


class AssessmentReportView(ExcelCsvMixin, ReportView):
    """考核: events received, answered and resolved on time, overdue, reopened, satisfaction
    and handling time, per department or community, for a period."""

    page_title = _("Assessment")
    header_icon = "table"
    results_template_name = "governance/admin/assessment_results.html"
    index_url_name = f"{URL_NAMESPACE}:index"
    index_results_url_name = f"{URL_NAMESPACE}:results"
    filterset_class = AssessmentFilterSet
    table_class = AssessmentTable
    paginate_by = None  # one row per community at most, and the totals must stay in view
    list_export = ["label", *HEADINGS]

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not may_see_assessment(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self) -> dict:
        data = self.request.GET.copy()
        data.setdefault("group_by", GroupBy.DEPARTMENT)
        if "period" not in data:
            # A link with only dates (?start=…&end=…) means those dates.
            has_dates = data.get("start") or data.get("end")
            data["period"] = Period.CUSTOM if has_dates else Period.THIS_MONTH
        return {"data": data, "request": self.request}

    @cached_property
    def choice(self) -> dict | None:
        """The valid filter values (group_by, start, end), or None when the form has errors."""
        if not self.filters.is_valid():
            return None
        return self.filters.form.cleaned_data

    @cached_property
    def filter_errors(self) -> list[str]:
        if self.choice is not None:
            return []
        form = self.filters.form
        return [
            f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, messages in form.errors.items()
            for message in messages
        ]

    @cached_property
    def group_heading(self) -> str:
        group_by = (self.choice or {}).get("group_by") or GroupBy.DEPARTMENT
        return str(GroupBy(group_by).label)

    @property
    def columns(self) -> list[Column]:
        label = Column("label", label=self.group_heading)
        return [label] + [
            Column(name, label=heading, accessor=_FORMATTED.get(name, name))
            for name, heading in HEADINGS.items()
        ]

    def get_queryset(self) -> list[AssessmentRow]:
        if self.choice is None:
            return []
        rows = assess(
            group_by=self.choice["group_by"] or GroupBy.DEPARTMENT,
            start=self.choice["start"],
            end=self.choice["end"],
            queryset=events_in_scope(self.request.user),
        )
        return [*rows, assessment_total(rows)] if rows else []

    def filter_queryset(self, queryset):
        return queryset

    @cached_property
    def no_results_message(self) -> str:
        if self.choice is None:
            return gettext("Correct the filters to see the figures.")
        return gettext("No events were reported in this period.")

    # --- export ---------------------------------------------------------------------------

    def get_heading(self, queryset, field: str) -> str:
        return self.group_heading if field == "label" else str(HEADINGS.get(field, field))

    def get_filename(self) -> str:
        if self.choice is None:
            return "assessment"
        choice = self.choice
        return f"assessment-{choice['group_by']}-{choice['start']:%Y%m%d}-{choice['end']:%Y%m%d}"

    def render_to_response(self, context, **response_kwargs):
        if self.is_export and self.choice is None:
            self.is_export = False  # show the page with the errors, not an empty file
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, *args, **kwargs) -> dict:
        context = super().get_context_data(*args, **kwargs)
        context["filter_errors"] = self.filter_errors
        context["period"] = self.choice
        return context


urlpatterns = [
    path("", AssessmentReportView.as_view(), name="index"),
    path("results/", AssessmentReportView.as_view(results_only=True), name="results"),
]
