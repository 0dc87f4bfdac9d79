"""Admin screens for the census list (人口登记名单): an editor uploads their community's list,
stored hashed, and matching requests are approved automatically."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry

from accounts.models import CensusEntry
from accounts.services.census import (
    CENSUS_IMPORT_ACTION,
    MAX_CENSUS_BYTES,
    MAX_CENSUS_ROWS,
    import_census,
)
from communities.scope import editable_communities

URL_NAMESPACE = "residency_requests"


class CensusIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Which community's census list to import; straight there when the editor has one."""

    template_name = "accounts/residency_admin_census_index.html"
    page_title = _("Import census list")
    header_icon = "upload"

    def get(self, request, *args, **kwargs):
        communities = editable_communities(request.user)
        if communities.count() == 1:
            return HttpResponseRedirect(
                reverse(f"{URL_NAMESPACE}:census", args=[communities.get().pk])
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        query = self.request.GET.get("q", "").strip()[:50]
        communities = editable_communities(self.request.user).order_by("name")
        if query:
            communities = communities.filter(
                Q(name__contains=query) | Q(slug__startswith=query.lower())
            )
        page = Paginator(communities, 25).get_page(self.request.GET.get("p"))
        return super().get_context_data(query=query, page_obj=page, **kwargs)


class CensusForm(forms.Form):
    csv_file = forms.FileField(label=_("Census list (CSV)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Here, not on the field: formatted once per request, in the editor's language.
        self.fields["csv_file"].help_text = gettext(
            "Columns phone, building, unit (or 手机号, 楼栋, 单元/房号); UTF-8 or GBK; "
            "at most %(size)s MB and %(rows)s rows."
        ) % {"size": MAX_CENSUS_BYTES // (1024 * 1024), "rows": f"{MAX_CENSUS_ROWS:,}"}


class CensusImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a community's census list (人口登记名单); it replaces the previous one."""

    template_name = "accounts/residency_admin_census.html"
    form_class = CensusForm
    page_title = _("Import census list")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.community = get_object_or_404(
            editable_communities(request.user), pk=kwargs["community_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.community.name

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{URL_NAMESPACE}:index"), "label": gettext("Residency requests")},
            {"url": reverse(f"{URL_NAMESPACE}:census_index"), "label": self.get_page_title()},
            {"url": "", "label": self.community.name},
        ]

    def get_context_data(self, **kwargs) -> dict:
        last = (
            ModelLogEntry.objects.for_instance(self.community)
            .filter(action=CENSUS_IMPORT_ACTION)
            .select_related("user")
            .order_by("-timestamp")
            .first()
        )
        return super().get_context_data(
            community=self.community,
            entries=CensusEntry.objects.filter(community=self.community).count(),
            last_import=last,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            result = import_census(self.request.user, self.community, form.cleaned_data["csv_file"])
        except ValidationError as error:
            # Bad rows: the summary by the field, every row on a line of its own below it.
            form.add_error("csv_file", getattr(error, "summary", None) or error)
            messages.validation_error(self.request, gettext("Nothing was imported."), form)
            context = self.get_context_data(
                form=form,
                row_problems=getattr(error, "row_problems", []),
                more_rows=getattr(error, "more_rows", 0),
            )
            return self.render_to_response(context, status=400)
        messages.success(
            self.request,
            gettext(
                "Imported %(rows)s rows for %(community)s (replacing %(replaced)s). "
                "%(approved)s waiting requests were approved automatically."
            )
            % {
                "rows": result.rows_imported,
                "community": self.community.name,
                "replaced": result.entries_replaced,
                "approved": result.requests_approved,
            },
        )
        return HttpResponseRedirect(self.request.path)

    def form_invalid(self, form):
        messages.validation_error(self.request, gettext("Nothing was imported."), form)
        return self.render_to_response(self.get_context_data(form=form), status=400)
