"""The grid worker's report form (网格员上报): what they saw on their rounds, with photos.

Only parses input: photos through the shared upload validator, the rest checked again by
``report_event``, whose field errors are put back next to the fields they are about.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communities.models import Grid
from portal.uploads import clean_image, max_upload_bytes

from .models import Category, CategoryKind, Priority
from .services import MAX_PHOTOS

__all__ = ["GridReportForm", "PhotosField", "category_choices", "photos_help_text"]


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``MAX_PHOTOS`` photos, each re-encoded by ``portal.uploads.clean_image``.

    Cleans to a list of JPEG ``ContentFile``\\ s; the error of each refused file names it, so
    the worker knows which one to take again.
    """

    widget = MultiplePhotoInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/*", "multiple": True})

    def clean(self, data, initial=None) -> list[ContentFile]:
        uploads = [upload for upload in (data or []) if upload]
        if not uploads and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                gettext("Attach at most %(count)d photos.") % {"count": MAX_PHOTOS},
                code="too_many",
            )
        cleaned, problems = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_image(upload))
            except ValidationError as error:
                problems.extend(
                    ValidationError(
                        gettext("“%(name)s”: %(problem)s")
                        % {"name": upload.name, "problem": message},
                        code=error.code,
                    )
                    for message in error.messages
                )
        if problems:
            raise ValidationError(problems)
        return cleaned


def photos_help_text() -> str:
    """What a ``PhotosField`` accepts, in the words of the person attaching photos."""
    return gettext(
        "Up to %(count)d photos (JPEG, PNG, WebP or HEIC), %(size)s MB each. Where they "
        "were taken is removed from them."
    ) % {"count": MAX_PHOTOS, "size": f"{max_upload_bytes() / (1024 * 1024):g}"}


def category_choices(empty_label: str | None = None) -> list:
    """Active categories grouped by kind (矛盾纠纷 / 问题隐患), in the taxonomy's order, after
    an empty choice (one query): every form where someone picks a category uses it."""
    active = Category.objects.filter(is_active=True).order_by("kind", "sort_order", "code")
    categories = list(active.only("pk", "kind", "name", "name_en"))
    groups = [
        (label, [(c.pk, c.display_name) for c in categories if c.kind == kind])
        for kind, label in CategoryKind.choices
    ]
    empty = _("Choose a category") if empty_label is None else empty_label
    return [("", empty)] + [g for g in groups if g[1]]


class GridReportForm(forms.Form):
    grid = forms.ModelChoiceField(
        label=_("Grid"),
        queryset=Grid.objects.none(),
        error_messages={"invalid_choice": _("Choose one of your own grids.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        help_text=_("Disputes between people, or hazards and problems in a place."),
        error_messages={"invalid_choice": _("Choose a category from the list.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("In a few words, e.g. 3栋楼道堆放杂物."),
    )
    description = forms.CharField(
        label=_("What is happening"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    location = forms.CharField(
        label=_("Where exactly"),
        max_length=200,
        required=False,
        help_text=_("e.g. the fire lane behind building 3."),
    )
    building = forms.CharField(
        label=_("Building"),
        max_length=40,
        required=False,
        help_text=_("For example 3栋."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("As usual for the category")), *Priority.choices],
    )
    photos = PhotosField(label=_("Choose photos"))
    public = forms.BooleanField(
        label=_("May be shown publicly"),
        required=False,
        initial=True,
        help_text=_(
            "Residents can then follow it on the community site; your name is not shown. "
            "Private matters such as family disputes are never shown."
        ),
    )

    def __init__(self, *args, grids: Sequence[Grid], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        grid = self.fields["grid"]
        grid.queryset = Grid.objects.filter(pk__in=[g.pk for g in grids])
        if len(grids) == 1:
            self.initial.setdefault("grid", grids[0].pk)  # their only grid here: preselected
        grid.choices = ([] if len(grids) == 1 else [("", _("Choose your grid"))]) + [
            (g.pk, g.name) for g in grids
        ]
        self._set_categories()
        self.fields["photos"].help_text = photos_help_text()

    def _set_categories(self) -> None:
        field = self.fields["category"]
        field.queryset = Category.objects.filter(is_active=True)
        field.choices = category_choices()
