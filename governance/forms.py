"""The resident's forms of the work network: "is it settled?" (案结事了) on a resolved event.

(The grid worker's report forms live in ``forms_grid``.)
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import EventStatus
from .services.lifecycle import NOTE_MAX_LENGTH

__all__ = ["SATISFACTION_CHOICES", "FeedbackAction", "FeedbackForm"]


class FeedbackAction(models.TextChoices):
    """Which of the form's two buttons was pressed."""

    CONFIRM = "confirm", _("Confirm: it is settled")
    REOPEN = "reopen", _("Not settled: reopen")


# The satisfaction score (满意度), from 很不满意 to 很满意: words, not just numbers.
SATISFACTION_CHOICES = [
    (1, _("Very unsatisfied")),
    (2, _("Unsatisfied")),
    (3, _("Neither satisfied nor unsatisfied")),
    (4, _("Satisfied")),
    (5, _("Very satisfied")),
]

# The same sentences as the services', so a resident reads one wording whichever catches it.
BAD_SCORE = _("Choose a score from 1 (very unsatisfied) to 5 (very satisfied).")
NO_REASON = _("Say what is still wrong, so the department can act on it.")


class FeedbackForm(forms.Form):
    """The reporter confirms the resolution with a score, or reopens it with a reason.

    The services check the rules again (state, who, score, length); the form only gives the
    resident a message next to the field they have to correct.
    """

    action = forms.ChoiceField(
        choices=FeedbackAction.choices,
        error_messages={
            "required": _("Choose whether the matter is settled or should be reopened."),
            "invalid_choice": _("Choose whether the matter is settled or should be reopened."),
        },
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with how it was handled?"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": BAD_SCORE},
    )
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("Needed if you reopen it: say what is still wrong."),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # The state the page showed: if it changed since (the window closed, someone else
    # answered), the service reports a conflict instead of a puzzling "cannot be done".
    seen_status = forms.ChoiceField(
        choices=EventStatus.choices, required=False, widget=forms.HiddenInput
    )

    def clean(self) -> dict:
        data = super().clean()
        action = data.get("action")
        # A score is needed to confirm (an invalid one has its own error already).
        missing_score = data.get("satisfaction") is None and "satisfaction" not in self.errors
        if action == FeedbackAction.CONFIRM and missing_score:
            self.add_error("satisfaction", BAD_SCORE)
        if action == FeedbackAction.REOPEN and not (data.get("comment") or "").strip():
            self.add_error("comment", NO_REASON)
        return data
