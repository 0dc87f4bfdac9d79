"""The forms of the disclosures' admin screens. A disclosure's form shows the common fields and
only its kind's structured fields (``KIND_FIELDS``); the services check and save."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from organisations.models import Disclosure, DisclosureKind, DisclosureRequirement
from organisations.services.access import acted_for_organisations
from organisations.services.disclosures import KIND_FIELDS, REQUIRED_FIELDS

__all__ = [
    "AttachmentForm",
    "ChooseKindForm",
    "CorrectionForm",
    "ReturnForm",
    "disclosure_form_class",
]


class DisclosureForm(WagtailAdminModelForm):
    """Common and kind fields of a disclosure; the requirement among those of its kind."""

    kind: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requirement = self.fields.get("requirement")
        if requirement is not None:
            # In force, or the one a draft already points at (it stays choosable).
            current = Q(pk=self.instance.requirement_id) if self.instance.requirement_id else Q()
            requirement.queryset = DisclosureRequirement.objects.filter(
                Q(is_active=True) | current, kind=self.kind
            )
            requirement.empty_label = _("None: a voluntary disclosure")
            requirement.help_text = _(
                "The periodic disclosure this one fulfils, if it is one of those required."
            )
        for name in REQUIRED_FIELDS.get(self.kind, []):
            if name in self.fields:
                self.fields[name].help_text = _("Required before submitting for review.")
        if "year" in self.fields:
            self.fields["year"].help_text = _("The year this disclosure is about.")

    def _post_clean(self):
        # The services check the disclosure, with their own messages.
        pass


def disclosure_form_class(kind: str, correction: bool = False) -> type[DisclosureForm]:
    """The form of a disclosure of ``kind``; a correction keeps its kind, year and requirement."""
    head = ["title"] if correction else ["title", "year", "requirement"]
    fields = [*head, "body", *KIND_FIELDS[kind]]
    return modelform_factory(
        Disclosure,
        form=type(f"{kind.title()}DisclosureForm", (DisclosureForm,), {"kind": kind}),
        fields=fields,
    )


class ChooseKindForm(forms.Form):
    """Step one of a new disclosure: for which organisation, and of which kind."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=_("Kind of disclosure"), choices=DisclosureKind.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = acted_for_organisations(user)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title of the attachment"), max_length=150)
    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("A PDF of at most 10 MB, e.g. the audit report."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("What is corrected, and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown publicly next to the corrected version."),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What must be changed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The organisation's staff read this, change the disclosure and submit it again."
        ),
    )
