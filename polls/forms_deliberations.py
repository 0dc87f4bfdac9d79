"""The deliberations' forms (阳光议事): a proposal, a comment, a vote, and the editors'
schedule, decline and progress forms. They only parse what was typed; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Participation
from forums.services.forum import BODY_MAX
from governance.models import Category
from polls.models import ActionStatus, OutcomeKind, Position

__all__ = [
    "ActionItemForm",
    "CommentForm",
    "ProposalForm",
    "RejectForm",
    "ScheduleForm",
    "VoteForm",
]

_TEXT_HELP = _(
    "Plain text. You may use **bold**, *italic*, lists and [text](https://…) for a link. "
    "Do not post anyone's phone number or address."
)


class ProposalForm(forms.Form):
    """A proposal (提出议题)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        error_messages={"required": _("Give the proposal a short title.")},
    )
    proposal = forms.CharField(
        label=_("What you propose, and why"),
        max_length=8000,
        help_text=_TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Say what you propose and why.")},
    )


class CommentForm(forms.Form):
    """A comment in the discussion (a reply in its forum topic)."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX,
        help_text=_TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write something first.")},
    )


class VoteForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Your vote"),
        choices=Position.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose for, against or abstain."),
            "invalid_choice": _("Choose for, against or abstain."),
        },
    )


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _moment(label):
    return forms.DateTimeField(label=label, widget=_DateTimeInput())


class ScheduleForm(forms.Form):
    """The editor's schedule of a proposal (立项): dates, quorum, threshold, voters, outcome."""

    discussion_opens_at = _moment(_("Discussion opens at"))
    voting_opens_at = _moment(_("Voting opens at"))
    voting_closes_at = _moment(_("Voting closes at"))
    quorum = forms.IntegerField(
        label=_("Quorum"),
        min_value=1,
        initial=10,
        help_text=_("The fewest votes (abstentions count) for a result."),
    )
    pass_threshold = forms.IntegerField(
        label=_("Pass threshold (%)"),
        min_value=1,
        max_value=99,
        initial=50,
        help_text=_("It passes when more than this share of the votes for and against are for."),
    )
    who_may_vote = forms.ChoiceField(
        label=_("Who may vote"), choices=Participation.choices, initial=Participation.RESIDENTS
    )
    outcome_kind = forms.ChoiceField(
        label=_("If it passes"), choices=OutcomeKind.choices, initial=OutcomeKind.ACTION
    )
    category = forms.ModelChoiceField(
        label=_("Event category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        help_text=_("Required when a pass becomes a governance event."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the proposer"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason, for the proposer.")},
    )


class ActionItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("Progress, shown publicly"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
