"""The forms of a moderator's actions (审核操作). They only parse input: whether the action
applies, and what a reason must be, is the service's decision (its message is shown)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forums.models import Board, Topic
from forums.services.moderation import MAX_BAN_DAYS, REASON_MAX_LENGTH
from governance.forms_grid import category_choices
from governance.models import Category

__all__ = ["BanForm", "EmptyForm", "EscalateForm", "HideForm", "MoveForm"]


class EmptyForm(forms.Form):
    """An action without input: the button is the confirmation."""

    def __init__(self, *args, item=None, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)


class HideForm(EmptyForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The author reads it next to their hidden text."),
    )


class MoveForm(EmptyForm):
    board = forms.ModelChoiceField(label=_("Move to board"), queryset=Board.objects.none())

    def __init__(self, *args, item: Topic, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        # Only the open boards of the topic's own community can be chosen.
        self.fields["board"].queryset = Board.objects.filter(
            community_id=item.community_id, is_archived=False
        ).exclude(pk=item.board_id)


class EscalateForm(EmptyForm):
    category = forms.ChoiceField(label=_("Category of the event"))
    note = forms.CharField(
        label=_("Internal note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit log; the event's description is the topic's text."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(empty_label="---------")

    def clean_category(self) -> Category:
        value = self.cleaned_data["category"]
        category = Category.objects.filter(is_active=True, pk=value).first()
        if category is None:
            raise forms.ValidationError(gettext("Choose a category."))
        return category


class BanForm(EmptyForm):
    days = forms.IntegerField(
        label=_("Days"),
        min_value=1,
        max_value=MAX_BAN_DAYS,
        initial=7,
        help_text=_("The author may not post in this community for this many days."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The author reads it when they try to post."),
    )
