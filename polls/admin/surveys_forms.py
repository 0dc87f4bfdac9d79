"""The forms of the opinion polls' admin (民意调查管理): the poll, and each question with its
choices edited as lines of a text box. The rules themselves are the survey service's."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from communities.admin_scope import edited_communities, edited_ids
from polls.models import Question
from polls.services.surveys import (
    check_locked_changes,
    validate_question,
    validate_window,
)

__all__ = ["ChoiceLinesField", "QuestionAdminForm", "QuestionsPanel", "SurveyAdminForm"]

CHOICE_LENGTH = 200


class ChoiceLinesField(forms.Field):
    """A list of labels shown and typed as one label per line (blank lines ignored)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, list | tuple):
            return [str(line) for line in value]
        return [line.strip() for line in str(value).splitlines() if line.strip()]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if any(len(line) > CHOICE_LENGTH for line in value):
            raise ValidationError(
                _("Keep each choice to %(limit)d characters.") % {"limit": CHOICE_LENGTH}
            )

    def has_changed(self, initial, data) -> bool:
        # Compared as lists: "a\r\nb" from the browser is the same as ["a", "b"].
        return self.to_python(initial) != self.to_python(data)


class QuestionAdminForm(WagtailAdminModelForm):
    choices = ChoiceLinesField(
        label=_("choices"),
        required=False,
        help_text=_("One choice per line. Leave empty for a free-text question."),
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "choices", "max_choices", "required"]

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE"):
            return cleaned
        try:
            validate_question(
                cleaned.get("kind", ""), cleaned.get("choices") or [], cleaned.get("max_choices")
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field, errors)
        return cleaned


class QuestionsPanel(InlinePanel):
    """The questions, each with ``QuestionAdminForm`` (its choices as lines)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = QuestionAdminForm
        return options


class SurveyAdminForm(WagtailAdminModelForm):
    """The community is chosen once, among those the editor edits; once people have answered,
    what they answered stays as it was (the service's ``check_locked_changes``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("community")
        if field is not None:
            ids = edited_ids(self.for_user)
            field.queryset = edited_communities(self.for_user)
            if self.instance.pk:
                field.disabled = True
                field.help_text = _("A poll stays with the community it was made for.")
            elif ids is not None and len(ids) == 1:
                field.initial = next(iter(ids))

    def clean(self):
        cleaned = super().clean()
        try:
            validate_window(cleaned.get("opens_at"), cleaned.get("closes_at"))
        except ValidationError as error:
            self.add_error("closes_at", error.message_dict["closes_at"])
        if self.instance.pk and not self.errors:
            try:
                check_locked_changes(
                    self.instance,
                    opens_at=cleaned["opens_at"],
                    closes_at=cleaned["closes_at"],
                    who_may_answer=cleaned["who_may_answer"],
                    questions_changed=self.formsets["questions"].has_changed(),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error(None if field == "__all__" else field, errors)
        return cleaned
