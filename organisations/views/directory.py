"""The directory of social organisations (社会组织名录): on the city portal every organisation,
on a community's site those serving it; search, filter by type, sort by name or by
transparency index (not yet rated last), 20 a page in a constant number of queries."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from communities.models import Community
from communities.scope import community_for_request
from organisations.forms import SORTS, DirectoryForm
from organisations.models import Organisation, OrganisationType
from organisations.services.transparency import (
    FORMULA_COMPLETENESS,
    FORMULA_INDEX,
    FORMULA_NO_INDEX,
    FORMULA_SCOPE,
    FORMULA_TIMELINESS,
)
from themes.shortcuts import render_themed

from .common import current_published, index_band

__all__ = ["PER_PAGE", "directory", "directory_queryset", "transparency"]

PER_PAGE = 20


def _published_count() -> Subquery:
    """How many current published disclosures an organisation has (one subquery)."""
    counts = (
        current_published()
        .filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def directory_queryset(
    community: Community | None, *, q: str = "", type: str = "", sort: str = "name"
) -> QuerySet[Organisation]:
    """The organisations listed: all on the portal (``community`` None), else those serving
    ``community``; ``q`` matches the name (either language) or the exact credit code."""
    organisations = Organisation.objects.all()
    if community is not None:
        organisations = organisations.filter(communities=community)
    if q:
        organisations = organisations.filter(
            Q(name__icontains=q) | Q(name_en__icontains=q) | Q(credit_code__iexact=q)
        )
    if type:
        organisations = organisations.filter(organisation_type=type)
    organisations = organisations.annotate(published_count=_published_count())
    if (get_language() or "").startswith("en"):
        organisations = organisations.annotate(
            sort_name=Coalesce(NullIf("name_en", Value("")), "name")
        )
    else:
        organisations = organisations.annotate(sort_name=F("name"))
    if sort == "index":
        order = [F("transparency_index").desc(nulls_last=True), "sort_name", "pk"]
    elif sort == "index_low":
        order = [F("transparency_index").asc(nulls_last=True), "sort_name", "pk"]
    else:
        order = ["sort_name", "pk"]
    return organisations.order_by(*order)


def _sort_links(base: str, values: dict[str, str]) -> list[dict]:
    links = []
    for code, label in SORTS.items():
        query = urlencode({k: v for k, v in {**values, "sort": code}.items() if v})
        links.append({"label": label, "url": f"{base}?{query}", "current": values["sort"] == code})
    return links


def directory(request: HttpRequest) -> HttpResponse:
    """The directory: the search form, the sort links and a page of organisations."""
    community = community_for_request(request)
    values = DirectoryForm(request.GET).values()
    organisations = directory_queryset(community, **values)
    page_obj = Paginator(organisations, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    for organisation in rows:
        organisation.index_band = index_band(organisation.transparency_index)
    kept = {k: v for k, v in values.items() if v and not (k == "sort" and v == "name")}
    searched = bool(values["q"] or values["type"])
    return render_themed(
        request,
        "organisations/directory.html",
        {
            "community": community,
            "title": (
                _("Social organisations serving %(community)s") % {"community": community.name}
                if community is not None
                else _("Social organisations")
            ),
            "form": DirectoryForm(initial=values),
            "values": values,
            "sort_links": _sort_links(request.path, values),
            "page_obj": page_obj,
            "organisations": rows,
            "filters": urlencode(kept),
            "searched": searched,
            "type_label": dict(OrganisationType.choices).get(values["type"], ""),
        },
    )


def transparency(request: HttpRequest) -> HttpResponse:
    """How the transparency index (透明度指数) is calculated, in plain words."""
    formula = {
        "scope": FORMULA_SCOPE,
        "completeness": FORMULA_COMPLETENESS,
        "timeliness": FORMULA_TIMELINESS,
        "index": FORMULA_INDEX,
        "no_index": FORMULA_NO_INDEX,
    }
    return render_themed(
        request,
        "organisations/transparency.html",
        {"community": community_for_request(request), "formula": formula},
    )
