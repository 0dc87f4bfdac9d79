"""The notification settings form: two checkboxes for every registered kind."""

from collections.abc import Iterator

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.kinds import NotificationKind
from notifications.services import KindPreference


class PreferencesForm(forms.Form):
    """``in_site__<kind>`` and ``email__<kind>`` for each kind; unticked means off."""

    def __init__(self, *args, rows: list[KindPreference], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code = row.kind.code
            self.fields[f"in_site__{code}"] = forms.BooleanField(
                label=_("In my inbox"), required=False, initial=row.in_site
            )
            self.fields[f"email__{code}"] = forms.BooleanField(
                label=_("By email"), required=False, initial=row.email
            )

    def kinds(self) -> Iterator[tuple[NotificationKind, forms.BoundField, forms.BoundField]]:
        """Each kind with its two checkboxes, for the template."""
        for row in self.rows:
            code = row.kind.code
            yield row.kind, self[f"in_site__{code}"], self[f"email__{code}"]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        """``{kind: (in_site, email)}`` from the cleaned data."""
        data = self.cleaned_data
        return {
            row.kind.code: (data[f"in_site__{row.kind.code}"], data[f"email__{row.kind.code}"])
            for row in self.rows
        }
