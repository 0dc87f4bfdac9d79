"""The voter roll (投票登记) of an election in the admin, its CSV export and the "publish the
result" action.

Only *that* someone voted is shown: their public name, masked phone and the day. There is no
admin screen, snippet or export of the ballots at all: the only way to see them is the
anonymous ballots.txt on the public page, after the result is published.
"""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.admin.roles import RefuseWith403Mixin
from accounts.privacy.masking import mask_phone
from communities.admin_scope import scope_to_edited
from polls.models import Election, VoterRollEntry
from polls.services.common import Phase, PollError, phase_of
from polls.services.elections import publish_result, result_of, turnout, verify_result

__all__ = ["PublishResultView", "RollCsvView", "RollView", "scoped_elections"]

NAMESPACE = "polls_elections"


def scoped_elections(user):
    """The elections of the communities ``user`` edits (all for a city administrator)."""
    return scope_to_edited(Election.objects.select_related("community"), user)


def roll_of(election: Election) -> list[dict]:
    """Who voted, by name (never in the order they voted: that order is the roll's only link
    to the ballots' order before the result is published)."""
    rows = [
        {
            "name": entry.voter.public_name,
            "phone": mask_phone(entry.voter.phone or ""),
            "voted_on": entry.voted_on,
        }
        for entry in VoterRollEntry.objects.filter(election=election).select_related("voter")
    ]
    return sorted(rows, key=lambda row: (row["name"], row["phone"]))


class _ElectionMixin(RefuseWith403Mixin):
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        # Another community's election is "not found", as everywhere in the admin.
        self.election = get_object_or_404(scoped_elections(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class RollView(_ElectionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "polls/elections/admin_roll.html"
    page_title = _("Voter roll")
    header_icon = "user"

    def get_page_subtitle(self):
        return self.election.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": gettext("Elections")},
            {
                "url": reverse(f"{NAMESPACE}:edit", args=[self.election.pk]),
                "label": self.election.title,
            },
            {"url": "", "label": gettext("Voter roll")},
        ]

    def get_context_data(self, **kwargs):
        election = self.election
        result = result_of(election)
        phase = phase_of(election.opens_at, election.closes_at, timezone.now())
        return super().get_context_data(
            election=election,
            roll=roll_of(election),
            turnout=turnout(election),
            result=result,
            verified=verify_result(election) if result else None,
            may_publish=election.is_published and result is None and phase is Phase.CLOSED,
            csv_url=reverse(f"{NAMESPACE}:roll_csv", args=[election.pk]),
            publish_url=reverse(f"{NAMESPACE}:publish", args=[election.pk]),
            **kwargs,
        )


class RollCsvView(_ElectionMixin, TemplateView):
    """The roll as a spreadsheet: names and days only."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="election-{self.election.pk}-voter-roll.csv"'
        )
        response.write("\ufeff")  # so spreadsheet programs read the Chinese names as UTF-8
        writer = csv.writer(response)
        writer.writerow([gettext("Name"), gettext("Voted on")])
        for row in roll_of(self.election):
            writer.writerow([row["name"], row["voted_on"].isoformat()])
        return response


class PublishResultView(_ElectionMixin, TemplateView):
    """Count and publish (公布结果), POST only; back to the roll with what happened."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.election.is_published:
            raise Http404
        try:
            result = publish_result(self.election, actor=request.user)
        except PollError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                gettext("The result is published: %(count)d ballots, checksum %(checksum)s.")
                % {"count": result.ballot_count, "checksum": result.checksum},
            )
        return HttpResponseRedirect(reverse(f"{NAMESPACE}:roll", args=[self.election.pk]))
