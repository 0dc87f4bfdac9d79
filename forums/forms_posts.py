"""The forms of the "I have something to say" column (我有话说): a resident's post, the
official reply and "turn into a complaint" (转为事件).

They only parse input; ``forums.services.posts`` checks the rules again, and its field errors
are put back next to the fields they are about.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms_grid import PhotosField, category_choices, photos_help_text
from governance.models import Category

from .models import PostKind
from .services.posts import BODY_MAX_LENGTH, REPLY_MAX_LENGTH, TITLE_MAX_LENGTH

__all__ = ["AnswerForm", "ConvertForm", "PostForm"]

# What each kind means for the resident, shown next to its radio button.
KIND_HELP = {
    PostKind.COMPLAINT: _(
        "Something is wrong and should be dealt with. It goes to the department responsible, "
        "and you can follow it here until it is settled."
    ),
    PostKind.SUGGESTION: _("An idea to make the community better. The community office replies."),
    PostKind.CONSULTATION: _("Something you want to know. The community office answers."),
    PostKind.PRAISE: _("Thank someone or tell others what went well."),
}

NO_CATEGORY = _("Choose a category: it decides which department handles the complaint.")


class CategoryChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", Category.objects.filter(is_active=True))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Choose a category from the list.")}
        )
        super().__init__(**kwargs)


class PostForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to say?"),
        choices=PostKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of post this is."),
            "invalid_choice": _("Choose what kind of post this is."),
        },
    )
    category = CategoryChoiceField(
        label=_("Category"),
        required=False,
        help_text=_("Needed for a complaint: disputes between people, or problems in a place."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("In a few words, e.g. 3栋楼道灯不亮."),
    )
    body = forms.CharField(
        label=_("What do you want to say?"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; **bold**, *italic*, lists and links work."),
    )
    building = forms.CharField(
        label=_("Building"), max_length=40, required=False, help_text=_("For example 3栋.")
    )
    location = forms.CharField(
        label=_("Where exactly"),
        max_length=200,
        required=False,
        help_text=_("e.g. the bicycle shed behind building 3."),
    )
    photos = PhotosField(label=_("Choose photos"))
    public = forms.BooleanField(
        label=_("Show it publicly"),
        required=False,
        initial=True,
        help_text=_(
            "Public: everyone can read it; your display name is shown, never your real name. "
            "Private: only you and the community's staff see it."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["photos"].help_text = photos_help_text()

    @property
    def kind_options(self) -> list[tuple]:
        """Each radio button with its explanation, for the template."""
        return [(radio, KIND_HELP.get(radio.data["value"], "")) for radio in self["kind"]]

    def clean(self) -> dict:
        data = super().clean()
        # An invalid choice has its own message already; only a missing one needs this.
        missing = not data.get("category") and "category" not in self.errors
        if data.get("kind") == PostKind.COMPLAINT and missing:
            self.add_error("category", NO_CATEGORY)
        return data


class AnswerForm(forms.Form):
    """The official reply (官方回复), written by the community office."""

    text = forms.CharField(
        label=_("Official reply"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on the post as the community office's reply; the author is told."),
        error_messages={"required": _("Write the reply.")},
    )


class ConvertForm(forms.Form):
    """Turn a question into a complaint (转为事件): the category decides the department."""

    category = CategoryChoiceField(
        label=_("Category of the matter"),
        error_messages={
            "required": _("Choose the category of the matter."),
            "invalid_choice": _("Choose a category from the list."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
