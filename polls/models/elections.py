"""Community elections (民主选举) with a secret ballot.

*That* someone voted (``VoterRollEntry``) and *what* was voted (``Ballot``) are kept apart:
a ballot has no voter, no time and no sequential id (a random UUID), so nothing in the schema
orders or joins it back to a person. The published result carries a SHA-256 checksum over the
ballots, so anyone can check later that the count was not altered.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .common import VotingWindow

__all__ = ["Ballot", "Candidate", "Election", "ElectionResult", "VoterRollEntry"]


class Election(VotingWindow, ClusterableModel):
    """An election (民主选举) of ``seats`` people from the candidates, by verified residents."""

    description = models.TextField(_("description"), max_length=4000, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("seats"),
        default=1,
        help_text=_("How many are elected; each voter may choose up to this many."),
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["community", "-opens_at"], name="election_community_opens")]


class Candidate(Orderable):
    election = ParentalKey(Election, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("name"), max_length=60)
    statement = models.TextField(_("statement"), max_length=2000, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return self.name


class VoterRollEntry(models.Model):  # noqa: DJ008
    """That ``voter`` has voted in ``election`` (投票登记): once per person. Only the day is
    kept, never the time, so the roll cannot be lined up with the order ballots were cast."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="roll")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="election_roll_entries"
    )
    voted_on = models.DateField(_("voted on"))

    class Meta:
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll")
        constraints = [
            models.UniqueConstraint(fields=["election", "voter"], name="election_vote_once")
        ]


class Ballot(models.Model):  # noqa: DJ008
    """One secret ballot (选票): the chosen candidates' ids, sorted; nothing about the voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    marks = models.JSONField(_("chosen candidates"), default=list)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")


class ElectionResult(models.Model):  # noqa: DJ008
    """The published count (选举结果) and the checksum over the ballots it was counted from."""

    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="result")
    published_at = models.DateTimeField(_("published at"))
    ballot_count = models.PositiveIntegerField(_("ballots"))
    roll_count = models.PositiveIntegerField(_("voters on the roll"))
    counts = models.JSONField(_("votes per candidate"), default=dict)
    elected = models.JSONField(_("elected candidates"), default=list)
    tied = models.JSONField(_("tied at the last seat"), default=list)
    checksum = models.CharField(_("SHA-256 of the ballots"), max_length=64)

    class Meta:
        verbose_name = _("election result")
        verbose_name_plural = _("election results")
