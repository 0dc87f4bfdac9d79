"""Civil affairs' supervision report (民政监管): every required disclosure that is overdue
across the city, and those published late in the last 12 months, with the organisation, the
deadline and how many days overdue or late. Filterable by requirement, year, organisation
type and state; downloadable as CSV or XLSX. A Wagtail ``ReportView`` for reviewers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from accounts.admin.roles import RefuseWith403Mixin
from organisations.models import DisclosureRequirement, Organisation, OrganisationType
from organisations.services.access import reviews_disclosures
from organisations.services.obligations import LATE, OVERDUE, Obligation, obligations_across_city
from portal.spreadsheets import ExcelCsvMixin

__all__ = ["NAMESPACE", "SupervisionRow", "supervision_rows", "urlpatterns"]

NAMESPACE = "organisations_supervision"
LATE_WINDOW = timedelta(days=365)
STATES = [(OVERDUE, _("Overdue: not published")), (LATE, _("Published late"))]


@dataclass
class SupervisionRow:
    organisation: Organisation
    obligation: Obligation
    days: int  # overdue: days since the deadline; late: days after it

    @property
    def organisation_name(self) -> str:
        return self.organisation.name

    @property
    def credit_code(self) -> str:
        return self.organisation.credit_code

    @property
    def organisation_type(self) -> str:
        return self.organisation.get_organisation_type_display()

    @property
    def requirement(self) -> str:
        return self.obligation.requirement.name

    @property
    def year(self) -> int:
        return self.obligation.year

    @property
    def due(self) -> str:
        return self.obligation.due.isoformat()

    @property
    def state(self) -> str:
        return str(dict(STATES)[self.obligation.state])

    @property
    def published_on(self) -> str:
        published = self.obligation.published_on
        return published.isoformat() if published else ""


def local_today() -> date:
    """Today in the city (a function, so tests can move the report's day)."""
    return timezone.localdate()


def supervision_rows(today: date | None = None) -> list[SupervisionRow]:
    """Overdue obligations (the longest overdue first), then those published late whose
    deadline is within the last 12 months."""
    today = today or local_today()
    rows = []
    for organisation, obligation in obligations_across_city(today):
        if obligation.state == OVERDUE:
            rows.append(SupervisionRow(organisation, obligation, (today - obligation.due).days))
        elif obligation.state == LATE and obligation.due >= today - LATE_WINDOW:
            rows.append(SupervisionRow(organisation, obligation, obligation.days_late or 0))
    rows.sort(key=lambda r: (r.obligation.state != OVERDUE, -r.days, r.organisation.name))
    return rows


def _as_is(queryset, name, value):
    return queryset  # the filters choose rows in get_queryset


class SupervisionFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATES, method=_as_is)
    requirement = django_filters.ModelChoiceFilter(
        label=_("Required disclosure"), queryset=DisclosureRequirement.objects.all(), method=_as_is
    )
    year = django_filters.NumberFilter(label=_("Year covered"), method=_as_is)
    organisation_type = django_filters.ChoiceFilter(
        label=_("Organisation type"), choices=OrganisationType.choices, method=_as_is
    )

    class Meta:
        model = Organisation
        fields: list[str] = []
        form = forms.Form


HEADINGS = {
    "organisation_name": _("Organisation"),
    "credit_code": _("Unified social credit code"),
    "organisation_type": _("Type"),
    "requirement": _("Required disclosure"),
    "year": _("Year covered"),
    "due": _("Due"),
    "state": _("State"),
    "days": _("Days overdue or late"),
    "published_on": _("Published on"),
}


class RequireReviewerMixin:
    def dispatch(self, request, *args, **kwargs):
        if not reviews_disclosures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SupervisionReportView(RefuseWith403Mixin, RequireReviewerMixin, ExcelCsvMixin, ReportView):
    page_title = _("Disclosure supervision")
    header_icon = "warning"
    index_url_name = f"{NAMESPACE}:index"
    index_results_url_name = f"{NAMESPACE}:results"
    filterset_class = SupervisionFilterSet
    list_export = list(HEADINGS)
    paginate_by = 100

    @property
    def columns(self) -> list[Column]:
        return [Column(name, label=label) for name, label in HEADINGS.items()]

    @cached_property
    def choice(self) -> dict:
        return self.filters.form.cleaned_data if self.filters.is_valid() else {}

    def get_queryset(self) -> list[SupervisionRow]:
        rows = supervision_rows(local_today())
        choice = self.choice
        if choice.get("state"):
            rows = [r for r in rows if r.obligation.state == choice["state"]]
        if choice.get("requirement"):
            rows = [r for r in rows if r.obligation.requirement.pk == choice["requirement"].pk]
        if choice.get("year"):
            rows = [r for r in rows if r.obligation.year == int(choice["year"])]
        if choice.get("organisation_type"):
            rows = [
                r for r in rows if r.organisation.organisation_type == choice["organisation_type"]
            ]
        return rows

    def filter_queryset(self, queryset):
        return queryset

    @cached_property
    def no_results_message(self) -> str:
        return gettext("No required disclosure is overdue or was published late.")

    def get_heading(self, queryset, field: str) -> str:
        return str(HEADINGS.get(field, field))

    def get_filename(self) -> str:
        return f"disclosure-supervision-{local_today():%Y%m%d}"


urlpatterns = [
    path("", SupervisionReportView.as_view(), name="index"),
    path("results/", SupervisionReportView.as_view(results_only=True), name="results"),
]
