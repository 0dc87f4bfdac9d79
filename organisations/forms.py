"""Forms of the public pages of social organisations: the directory's search and a resident's
question. They only parse input; ``organisations.services.questions`` checks the rules again
and its field errors are put back next to the fields they are about."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Disclosure, DisclosureStatus, Organisation, OrganisationType
from .services.questions import QUESTION_MAX_LENGTH, QUESTION_MIN_LENGTH

__all__ = ["SORTS", "DirectoryForm", "QuestionForm"]

# Sort orders of the directory: by name, or by transparency index (not yet rated last).
SORTS = {
    "name": _("Name"),
    "index": _("Transparency index, highest first"),
    "index_low": _("Transparency index, lowest first"),
}


class DirectoryForm(forms.Form):
    """The directory's search, type filter and sort (GET). Bad values are ignored, not refused:
    a shared link with a stale parameter still shows the directory."""

    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *OrganisationType.choices],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))

    def values(self) -> dict[str, str]:
        """The valid values (each bad one replaced by its default)."""
        self.is_valid()
        data = self.cleaned_data  # only the fields that are valid
        return {
            "q": " ".join((data.get("q") or "").split()),
            "type": data.get("type") or "",
            "sort": data.get("sort") or "name",
        }


class QuestionForm(forms.Form):
    """A resident's question to an organisation, optionally about one of its disclosures."""

    body = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=QUESTION_MAX_LENGTH,
        error_messages={
            "required": _("Write your question."),
            "max_length": _(
                "Keep your question under %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    disclosure = forms.ModelChoiceField(
        queryset=Disclosure.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Ask about one of this organisation's published disclosures.")
        },
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disclosure"].queryset = Disclosure.objects.filter(
            organisation=organisation, status=DisclosureStatus.PUBLISHED
        )
        self.fields["body"].help_text = gettext(
            "Between %(min)d and %(max)d characters. Everyone can read it, with your public "
            "name. Do not write phone numbers, addresses or anyone's real name."
        ) % {"min": QUESTION_MIN_LENGTH, "max": QUESTION_MAX_LENGTH}
