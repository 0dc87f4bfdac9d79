"""The ballot form of an election (选票): a group of checkboxes, one per candidate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from polls.models import Candidate, Election

__all__ = ["BallotForm"]


class BallotForm(forms.Form):
    """Up to ``seats`` candidates; the election service checks the count and the ids again."""

    candidates = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one candidate."),
            "invalid_choice": _("That is not a candidate in this election."),
        },
    )

    def __init__(self, *args, election: Election, candidates: list[Candidate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidates"]
        field.choices = [(candidate.pk, candidate.name) for candidate in candidates]
        field.label = ngettext(
            "Choose up to %(seats)d candidate", "Choose up to %(seats)d candidates", election.seats
        ) % {"seats": election.seats}
        self.election = election
