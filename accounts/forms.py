"""Sign-up fields of our own: the mobile number field, the display name and privacy consent.

allauth builds the sign-up, login and code forms; ``SignupExtraForm`` is their base class
(``ACCOUNT_SIGNUP_FORM_CLASS``) and ``MainlandPhoneField`` is the phone field the adapter hands
to every one of them (``AccountAdapter.phone_form_field``).
"""

from allauth.account.fields import PhoneField
from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.validators import validate_public_name

__all__ = ["MainlandPhoneField", "SignupExtraForm"]


class MainlandPhoneField(PhoneField):
    """A mobile number typed any usual way, cleaned to E.164 (+8613812345678).

    allauth's own field insists on "+86…" before the adapter sees the number; residents type
    "138 1234 5678", so the only validation is ``normalise_phone`` (through the adapter).
    """

    def __init__(self, **kwargs) -> None:
        kwargs["label"] = _("Mobile phone number")
        kwargs.setdefault(
            "help_text",
            _("A mainland China mobile number, for example 138 1234 5678."),
        )
        kwargs["validators"] = []
        kwargs["max_length"] = 32
        kwargs["widget"] = forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
        )
        super().__init__(**kwargs)

    def clean(self, value: str | None) -> str:
        from allauth.account.adapter import get_adapter

        value = forms.CharField.clean(self, value)
        return get_adapter().clean_phone(value) if value else value


def _consent_label() -> SafeString:
    # A link inside the label, so the policy is one tap away from the box it asks about; it
    # opens in a new tab so what the resident has typed is not lost.
    link = format_html(
        '<a href="{}" target="_blank" rel="noopener">{}'
        '<span class="visually-hidden"> {}</span></a>',
        reverse("privacy_policy"),
        gettext("privacy policy"),
        gettext("(opens in a new tab)"),
    )
    return mark_safe(  # noqa: S308 - the sentence is escaped, the link built by format_html
        escape(gettext("I have read and agree to the %(policy_link)s")) % {"policy_link": link}
    )


class SignupExtraForm(forms.Form):
    """What allauth's sign-up form adds to phone, email and password (注册附加信息)."""

    field_order = [
        "phone",
        "display_name",
        "email",
        "password1",
        "password2",
        "accept_privacy_policy",
    ]

    display_name = forms.CharField(
        label=_("Display name (optional)"),
        max_length=30,
        required=False,
        help_text=_(
            "Shown next to what you post. Do not use your real name or phone number; "
            "you can leave it empty."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    accept_privacy_policy = forms.BooleanField(
        label=lazy(_consent_label, SafeString)(),
        required=True,
        error_messages={
            "required": _(
                "To create an account, please read the privacy policy and tick the box to "
                "agree to it."
            )
        },
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data.get("display_name", "").split())
        validate_public_name(name)
        return name

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the user row exists: record the consent (隐私政策同意).

        The display name was already written with the user row (``AccountAdapter.save_user``).
        """
        from accounts.services.privacy import record_consent

        record_consent(user)
