"""The form a resident answers an opinion poll (民意调查) with, built from its questions: radio
buttons for one choice, check boxes for several (with "at most N"), a text box for free text.

It only parses the input; the survey service decides whether the answers are acceptable
(required, how many, how long), so its messages are the ones shown next to each question.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polls.models import Question, QuestionKind
from polls.services.surveys import TEXT_LIMIT

__all__ = ["SurveyForm", "field_name"]


def field_name(question: Question) -> str:
    """The form field of ``question``; the service keys its errors the same way."""
    return f"q{question.pk}"


def _hint(question: Question) -> str:
    if question.kind == QuestionKind.MULTIPLE:
        if question.max_choices:
            return ngettext(
                "Choose at most %(count)d.", "Choose at most %(count)d.", question.max_choices
            ) % {"count": question.max_choices}
        return _("Choose all that apply.")
    if question.kind == QuestionKind.TEXT:
        return _("At most %(limit)d characters.") % {"limit": TEXT_LIMIT}
    return ""


class SurveyForm(forms.Form):
    """One field per question, named ``q<question id>``, in the questions' order."""

    def __init__(self, questions: Sequence[Question], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        # Whether an answer is required is the service's decision (with its own message);
        # here every field may be empty, and says "(optional)" only when it really is.
        for question in self.questions:
            choices = [(str(index), label) for index, label in enumerate(question.choices)]
            invalid = {"invalid_choice": _("That answer is not one of this question's choices.")}
            if question.kind == QuestionKind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    error_messages=invalid,
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={**invalid, "invalid_list": invalid["invalid_choice"]},
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
                )
            field.required = False
            field.label = question.text
            field.help_text = _hint(question)
            field.question = question
            field.answer_required = question.required
            field.kind = question.kind
            self.fields[field_name(question)] = field

    def answers(self) -> dict[int, list[int] | str]:
        """The cleaned input as the service takes it: question id → choice indexes or text."""
        answers: dict[int, list[int] | str] = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.kind == QuestionKind.SINGLE:
                answers[question.pk] = [] if value is None else [value]
            elif question.kind == QuestionKind.MULTIPLE:
                answers[question.pk] = list(value or [])
            else:
                answers[question.pk] = value or ""
        return answers
