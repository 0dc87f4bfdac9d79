"""The allauth adapter: phone numbers on the User, codes by SMS, nothing personal in usernames.

Residents sign up and sign in with a mainland mobile number (or an email address); they never
see or type a username. allauth still needs one, so it is a neutral random token: usernames end
up in logs, admin lists and URLs, where a phone number or an email address must not.
"""

import contextlib
import secrets
from types import SimpleNamespace
from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.stages import PhoneVerificationStage as AllauthPhoneVerificationStage
from allauth.core.exceptions import RateLimited
from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.phone import normalise_phone
from accounts.sms import send_sms

__all__ = ["AccountAdapter", "PhoneVerificationStage", "RequestLoginCodeForm", "user_display"]

# Six digits, as every mainland service sends them: easy to read from a text message and to
# type on a phone's number pad (the code fields ask for the numeric keyboard).
CODE_LENGTH = 6


def user_display(user: User) -> str:
    """How allauth names a user on pages and in emails: the public name, never the username."""
    return user.public_name


class PhoneVerificationStage(AllauthPhoneVerificationStage):
    """allauth's phone verification step (手机验证), telling the resident why it stopped.

    allauth drops an expired or exhausted verification silently back to the login page; the
    resident's account exists by then, so the way on is to sign in, which sends a new code.
    """

    def handle(self):
        user = self.login.user
        if user is not None and not user.phone:
            # Sign-up requires a number, but accounts made in the admin (staff, the demo's
            # users) may have none; allauth would turn them away from the login page silently.
            return None, True
        try:
            return super().handle()
        except RateLimited:
            # allauth lets this escape as a server error: one code per number per 30 seconds.
            message = _(
                "A code was sent to this number less than a minute ago. Wait a minute, then "
                "sign in with your phone number and password to receive a new one."
            )
            get_adapter(self.request).add_message(self.request, messages.ERROR, message=message)
            return HttpResponseRedirect(reverse("account_login")), False

    def abort(self):
        attempts = self.state.get("failed_attempts", 0)
        if attempts >= app_settings.PHONE_VERIFICATION_MAX_ATTEMPTS:
            message = _(
                "The code was entered wrongly too many times. Sign in with your phone number "
                "and password to receive a new code."
            )
        else:
            message = _(
                "The verification code has expired. Sign in with your phone number and "
                "password to receive a new code."
            )
        get_adapter(self.request).add_message(self.request, messages.ERROR, message=message)
        return super().abort()


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's "send me a sign-in code" form, refusing an empty submission.

    allauth's own form accepts neither a phone number nor an email address and then fails
    with a server error. (Here, not in accounts.forms: allauth imports that module while its
    own forms module is still loading.) Needs ``ACCOUNT_FORMS["request_login_code"]``.
    """

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data.get("phone") and not cleaned_data.get("email"):
            raise ValidationError(
                _("Enter your mobile phone number or your email address."), code="required"
            )
        return cleaned_data


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Residents have no usernames: whatever they typed that was neither a phone number nor
        # an email address, the message names what they can use.
        "username_password_mismatch": gettext_lazy(
            "The phone number, email address or password is not correct."
        ),
        "invalid_login": gettext_lazy("Enter your mobile phone number or email address."),
    }

    # Phone numbers (手机号码)

    def phone_form_field(self, **kwargs: Any) -> Any:
        from accounts.forms import MainlandPhoneField

        return MainlandPhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalise_phone(phone)

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        if user.phone == phone and user.phone_verified == verified:
            return  # save_user() already wrote it with the new user's row
        user.phone = phone
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user: User, phone: str) -> None:
        # Also how a changed number becomes the account's: allauth keeps the new number in the
        # session until its code is confirmed, then calls this.
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str) -> User | None:
        # allauth passes the login field as typed ("138 1234 5678"): normalise it here too.
        # Inactive users are found as well: the number is still theirs (it is unique), and
        # allauth's backend refuses their login itself.
        try:
            phone = normalise_phone(phone)
        except ValidationError:
            return None
        return User.objects.filter(phone=phone).first()

    def send_verification_code_sms(self, user: User, phone: str, code: str, **kwargs) -> None:
        owner = self.get_user_by_phone(phone)
        if owner is not None and owner.pk != user.pk:
            # Changing to a number another account holds: allauth refuses it when the code is
            # entered; texting its owner a code they did not ask for would only alarm them.
            return
        send_sms(
            phone,
            _(
                "[Community homeland] Your verification code is %(code)s. Do not share it "
                "with anyone: staff will never ask for it."
            )
            % {"code": code},
        )

    def send_account_already_exists_sms(self, phone: str) -> None:
        # allauth calls this for any sign-up that hits an existing account, even when it was
        # the email address that exists: only text the number if it really has an account.
        if self.get_user_by_phone(phone) is None:
            return
        send_sms(
            phone,
            _(
                "[Community homeland] Someone tried to sign up with this number, but it already "
                "has an account. To sign in, use your password or ask for a sign-in code. If "
                "it was not you, ignore this message."
            ),
        )

    # send_unknown_account_sms stays a no-op: texting numbers that have no account, on
    # anybody's request, would make the site a way to send unsolicited messages.

    # Usernames, codes and login attempts

    def populate_username(self, request: HttpRequest, user: User) -> None:
        if not user.username:
            user.username = self.neutral_username()

    def neutral_username(self) -> str:
        """'u' and ten random hex digits: says nothing about the person."""
        while True:
            username = f"u{secrets.token_hex(5)}"
            if not User.objects.filter(username=username).exists():
                return username

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        # The display name and the phone go into the same INSERT as the rest of the user.
        user.display_name = form.cleaned_data.get("display_name", "")
        if phone := form.cleaned_data.get("phone"):
            user.phone, user.phone_verified = phone, False
        return super().save_user(request, user, form, commit=commit)

    def _code(self) -> str:
        return get_random_string(CODE_LENGTH, allowed_chars="0123456789")

    def generate_login_code(self) -> str:
        return self._code()

    def generate_password_reset_code(self) -> str:
        return self._code()

    def generate_email_verification_code(self) -> str:
        return self._code()

    def generate_phone_verification_code(self, *, user: User, phone: str) -> str:
        return self._code()

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys failed logins by email or username only: every phone login would share
        # one empty key, so five wrong passwords for one number would lock out all numbers.
        phone = credentials.get("phone")
        if phone and not credentials.get("email"):
            with contextlib.suppress(ValidationError):
                phone = normalise_phone(phone)
            return f"{get_current_site(request).domain}:phone:{phone}"
        return super()._get_login_attempts_cache_key(request, **credentials)

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.adapter.PhoneVerificationStage"
            if path == "allauth.account.stages.PhoneVerificationStage"
            else path
            for path in super().get_login_stages()
        ]

    # Emails: signed by the community, not by django.contrib.sites' placeholder

    def _sender_name(self) -> str:
        from allauth.core import context

        from communities.scope import community_for_request

        community = context.request and community_for_request(context.request)
        return community.name if community else str(settings.WAGTAIL_SITE_NAME)

    def format_email_subject(self, subject: str) -> str:
        return f"[{self._sender_name()}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context

        request = allauth_context.request
        site = SimpleNamespace(
            name=self._sender_name(), domain=request.get_host() if request else ""
        )
        super().send_mail(template_prefix, email, {"current_site": site, **context})
