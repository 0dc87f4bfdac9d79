"""The workbench's forms: one per action on an event, and the dispatcher's report form.

Forms only parse input; whether the action is allowed, and whether a reason or resolution is
given, is the service's decision (its message is shown), so the rules live in one place.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from communities.models import Community, Grid
from governance.forms_grid import category_choices
from governance.models import (
    Category,
    Department,
    Event,
    EventSource,
    HandlingLevel,
    Priority,
)
from governance.scope import events_in_scope
from governance.services import STAFF_SOURCES
from governance.services.lifecycle import NOTE_MAX_LENGTH

from .access import dispatch_communities, handler_candidates

__all__ = [
    "ConfirmForm",
    "DispatchForm",
    "DuplicateForm",
    "NoteForm",
    "OptionalNoteForm",
    "ReasonForm",
    "ReopenForm",
    "ReportForm",
    "ResolveForm",
]

SCORES = [(str(n), str(n)) for n in range(1, 6)]


def _text(label, *, rows: int = 3, help_text=""):
    # Not required here: the service names what is missing in its own words.
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ActionForm(forms.Form):
    """Base of the action forms: knows the event and the acting user; remembers the status
    the page showed, so that an action on a stale page is reported as a conflict."""

    seen = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)

    def __init__(self, *args, event: Event, user: User, **kwargs):
        self.event, self.user = event, user
        kwargs.setdefault("initial", {}).setdefault("seen", event.status)
        super().__init__(*args, **kwargs)


class OptionalNoteForm(ActionForm):
    note = _text(_("Note (optional)"), rows=2)


class ReasonForm(ActionForm):
    reason = _text(_("Reason"))


class ResolveForm(ActionForm):
    resolution = _text(
        _("Resolution"), rows=4, help_text=_("What was done. The reporter reads this.")
    )


class NoteForm(ActionForm):
    note = _text(_("Internal note"), help_text=_("Staff only: never shown to the reporter."))


class ModelLabelChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        if isinstance(obj, User):
            return obj.public_name
        if isinstance(obj, Community):
            return f"{obj.name} ({obj.subdistrict.name})"
        return str(obj)


class DispatchForm(ActionForm):
    department = ModelLabelChoice(label=_("Department"), queryset=Department.objects.all())
    handling_level = forms.ChoiceField(label=_("Handling level"), choices=HandlingLevel.choices)
    handler = ModelLabelChoice(
        label=_("Handler"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional: handlers of the department whose unit covers this place."),
    )
    grid = ModelLabelChoice(label=_("Grid"), queryset=Grid.objects.none(), required=False)
    note = _text(_("Note (optional)"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.event
        self.initial.update(
            department=event.department_id,
            handling_level=event.handling_level,
            handler=event.handler_id,
            grid=event.grid_id,
        )
        # The handlers of the department chosen (on a POST) or of the current one.
        chosen = self.data.get(self.add_prefix("department")) or event.department_id
        if not str(chosen).isdigit():
            chosen = event.department_id
        self.fields["handler"].queryset = handler_candidates(int(chosen), event)
        self.fields["grid"].queryset = Grid.objects.filter(community_id=event.community_id)


class DuplicateForm(ActionForm):
    original = forms.CharField(
        label=_("Reference of the original event"),
        max_length=16,
        help_text=_("The event already open about the same matter, e.g. 2026-0000123."),
    )
    note = _text(_("Note (optional)"), rows=2)

    def clean_original(self) -> Event:
        reference = self.cleaned_data["original"].strip()
        original = events_in_scope(self.user).filter(reference=reference).first()
        if original is None:
            raise forms.ValidationError(
                gettext("There is no event %(reference)s in your area.") % {"reference": reference}
            )
        return original


class ConfirmForm(ActionForm):
    satisfaction = forms.ChoiceField(
        label=_("Caller's satisfaction"),
        choices=SCORES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("1 very unsatisfied … 5 very satisfied, as the caller said on the phone."),
    )
    comment = _text(_("Comment (optional)"), rows=2)


class ReopenForm(ActionForm):
    reason = _text(_("What the caller says is still wrong"))
    satisfaction = forms.ChoiceField(
        label=_("Caller's satisfaction (optional)"),
        choices=[("", "—"), *SCORES],
        required=False,
    )


class ReportForm(forms.Form):
    """A dispatcher types in an event from the 12345 hotline, public opinion or a department."""

    source = forms.ChoiceField(
        label=_("Source"),
        choices=[(value, label) for value, label in EventSource.choices if value in STAFF_SOURCES],
        initial=EventSource.HOTLINE,
    )
    source_ref = forms.CharField(
        label=_("Source reference"),
        max_length=64,
        required=False,
        help_text=_("The number the source system gave it, e.g. the 12345 work order number."),
    )
    community = ModelLabelChoice(label=_("Community"), queryset=Community.objects.none())
    category = forms.ChoiceField(label=_("Category"))
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    building = forms.CharField(
        label=_("Building"),
        max_length=40,
        required=False,
        help_text=_("If known: the event then goes to that building's grid."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=[("", _("The category's default")), *Priority.choices],
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = dispatch_communities(user)
        self.fields["category"].choices = category_choices(empty_label="---------")

    def clean_category(self) -> Category:
        value = self.cleaned_data["category"]
        category = Category.objects.filter(is_active=True, pk=value).first()
        if category is None:
            raise forms.ValidationError(gettext("Choose a category."))
        return category
