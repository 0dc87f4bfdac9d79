"""The page that puts polls, deliberations and elections on a community's site (民意征集).
Routable: its sub-URLs are served by ``polls.views``, themed like every page."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from portal.models import BasePage

__all__ = ["PollIndexPage"]


class PollIndexPage(RoutablePageMixin, BasePage):
    """A community's polls (民意调查), deliberations (阳光议事) and elections (民主选举)."""

    parent_page_types = ["communities.CommunityHomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("polls page")

    @path("")
    def index(self, request: HttpRequest) -> HttpResponse:
        from polls.views import index

        return index.poll_index(request, self)

    @path("survey/<int:survey_id>/")
    def survey(self, request: HttpRequest, survey_id: int) -> HttpResponse:
        from polls.views import surveys

        return surveys.survey_detail(request, self, survey_id)

    @path("deliberation/propose/")
    def propose(self, request: HttpRequest) -> HttpResponse:
        from polls.views import deliberations

        return deliberations.deliberation_propose(request, self)

    @path("deliberation/<int:deliberation_id>/")
    def deliberation(self, request: HttpRequest, deliberation_id: int) -> HttpResponse:
        from polls.views import deliberations

        return deliberations.deliberation_detail(request, self, deliberation_id)

    @path("deliberation/<int:deliberation_id>/vote/")
    def deliberation_vote(self, request: HttpRequest, deliberation_id: int) -> HttpResponse:
        from polls.views import deliberations

        return deliberations.deliberation_vote(request, self, deliberation_id)

    @path("deliberation/<int:deliberation_id>/comment/")
    def deliberation_comment(self, request: HttpRequest, deliberation_id: int) -> HttpResponse:
        from polls.views import deliberations

        return deliberations.deliberation_comment(request, self, deliberation_id)

    @path("election/<int:election_id>/")
    def election(self, request: HttpRequest, election_id: int) -> HttpResponse:
        from polls.views import elections

        return elections.election_detail(request, self, election_id)

    @path("election/<int:election_id>/vote/")
    def election_vote(self, request: HttpRequest, election_id: int) -> HttpResponse:
        from polls.views import elections

        return elections.election_vote(request, self, election_id)

    @path("election/<int:election_id>/ballots/")
    def election_ballots(self, request: HttpRequest, election_id: int) -> HttpResponse:
        from polls.views import elections

        return elections.election_ballots(request, self, election_id)
