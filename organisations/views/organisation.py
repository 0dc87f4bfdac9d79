"""An organisation's public page (社会组织主页): its registered facts, the communities it serves
and the service centres it runs, its transparency index, the status of its required
disclosures, its published disclosures by year and kind, and residents' questions with its
public answers (and the form to ask one)."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from accounts.services.residency import verified_resident_ids
from communities.scope import community_for_request
from organisations.forms import QuestionForm
from organisations.models import Disclosure, DisclosureKind, Organisation
from organisations.services.obligations import obligations
from organisations.services.questions import public_questions
from organisations.services.transparency import score
from services_directory.models import ServicePointKind
from themes.shortcuts import render_themed

from .common import current_published, index_band

__all__ = [
    "QUESTIONS_PER_PAGE",
    "organisation_detail",
    "organisation_page",
    "question_context",
]

QUESTIONS_PER_PAGE = 20


def _by_year_and_kind(disclosures: list[Disclosure]) -> list[dict[str, Any]]:
    """[{year, kinds: [{kind, label, entries}]}], newest year first, kinds in their usual order."""
    order = {kind: n for n, kind in enumerate(DisclosureKind.values)}
    labels = dict(DisclosureKind.choices)
    years = []
    by_year = sorted(disclosures, key=lambda d: (-d.year, order.get(d.kind, 99), d.title))
    for year, items in groupby(by_year, key=lambda d: d.year):
        kinds = defaultdict(list)
        for disclosure in items:
            kinds[disclosure.kind].append(disclosure)
        years.append(
            {
                "year": year,
                "kinds": [
                    {"kind": kind, "label": labels.get(kind, kind), "entries": listed}
                    for kind, listed in kinds.items()
                ],
            }
        )
    return years


def question_context(
    request: HttpRequest,
    organisation: Organisation,
    form: QuestionForm | None = None,
    disclosure: Disclosure | None = None,
) -> dict[str, Any]:
    """The questions section: a page of public questions (those about ``disclosure`` on its
    page), the askers' public names, and the form or the sign-in link."""
    community = community_for_request(request)
    shown = public_questions(organisation)
    if disclosure is not None:
        shown = shown.filter(disclosure=disclosure)
    page_obj = Paginator(shown, QUESTIONS_PER_PAGE).get_page(request.GET.get("questions"))
    questions = list(page_obj.object_list)
    verified = (
        verified_resident_ids(community, {q.author_id for q in questions})
        if community is not None and questions
        else frozenset()
    )
    here = request.path
    return {
        "questions": questions,
        "questions_page": page_obj,
        "verified_ids": verified,
        "question_form": form
        or QuestionForm(
            organisation=organisation,
            initial={"disclosure": disclosure.pk} if disclosure is not None else None,
        ),
        "ask_url": reverse("social_organisations:ask", args=[organisation.pk]),
        "login_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': here})}",
        "may_ask": organisation.is_active,
    }


def organisation_page(
    request: HttpRequest,
    organisation: Organisation,
    form: QuestionForm | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The page of ``organisation`` (with a question form in error, if any)."""
    community = community_for_request(request)
    current = list(
        current_published(organisation.disclosures.defer("body")).order_by("-year", "kind")
    )
    transparency = score(organisation)
    periods = sorted(
        obligations(organisation),
        key=lambda o: (-o.year, o.due, o.requirement.pk),
    )
    centres = (
        organisation.service_centres.filter(is_active=True, kind=ServicePointKind.SERVICE_CENTRE)
        .select_related("community")
        .order_by("community__name", "sort_order", "pk")
    )
    communities = list(organisation.communities.order_by("name"))
    for served in communities:
        served.site_url = served.get_url(request)
    centre_rows = list(centres)
    for centre in centre_rows:
        centre.site_url = centre.community.get_url(request)
        centre.shown_location = centre.localized("location")
        centre.shown_hours = centre.localized("hours")
    return render_themed(
        request,
        "organisations/detail.html",
        {
            "community": community,
            "organisation": organisation,
            "served": communities,
            "centres": centre_rows,
            "score": transparency,
            "index_band": index_band(transparency.index),
            "obligations": periods,
            "years": _by_year_and_kind(current),
            "directory_url": reverse("social_organisations:directory"),
            "formula_url": reverse("social_organisations:transparency"),
            **question_context(request, organisation, form),
        },
        status=status,
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's public page."""
    organisation = get_object_or_404(Organisation, pk=pk)
    return organisation_page(request, organisation)
