"""The profile form of "my account": the public display name and the private personal fields.

Phone number and email address are not here: allauth's own pages change them, with
verification (/accounts/phone/change/, /accounts/email/).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.validators import squeeze, validate_public_name

# Chinese characters (CJK and extension A) or Latin letters, with single spaces or the
# middle dot of transliterated names (阿卜杜·热合曼) between the parts.
_LETTERS = r"[A-Za-z\u00C0-\u024F\u3400-\u4DBF\u4E00-\u9FFF]+"
_REAL_NAME = re.compile(rf"^{_LETTERS}(?:[ ·・]{_LETTERS})*$")


class ProfileForm(forms.ModelForm):
    """Display name (昵称, public) and real name, ID number and address (private)."""

    class Meta:
        model = User
        fields = ["display_name", "real_name", "id_number", "address"]
        help_texts = {
            "display_name": _(
                "Shown next to what you post. 2 to 30 characters; no phone numbers, "
                "email addresses or web links."
            ),
            "real_name": _("Optional. 2 to 20 Chinese characters or Latin letters."),
            "id_number": _("Optional. The 18 characters of your resident identity card."),
            "address": _("Optional."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("autocomplete", _AUTOCOMPLETE[name])

    def clean_display_name(self) -> str:
        name = " ".join((self.cleaned_data.get("display_name") or "").split())
        if not 2 <= len(name) <= 30:
            raise ValidationError(
                _("Your display name must be 2 to 30 characters long."), code="length"
            )
        validate_public_name(name)
        return name

    def clean_real_name(self) -> str:
        name = " ".join((self.cleaned_data.get("real_name") or "").split())
        if name and not (2 <= len(name) <= 20 and _REAL_NAME.match(name)):
            raise ValidationError(
                _("A real name is 2 to 20 Chinese characters or Latin letters."),
                code="invalid_real_name",
            )
        return name

    def clean_id_number(self) -> str:
        # The model field's validator (stdnum.cn.ric) checks the digits and the check digit.
        return squeeze(self.cleaned_data.get("id_number") or "").replace(" ", "").upper()

    def clean_address(self) -> str:
        return " ".join((self.cleaned_data.get("address") or "").split())


_AUTOCOMPLETE = {
    "display_name": "nickname",
    "real_name": "name",
    "id_number": "off",
    "address": "street-address",
}
