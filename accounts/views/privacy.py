"""A resident's own privacy pages: download my data, delete my account (PIPL)."""

import json

from allauth.core import ratelimit
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.services.privacy import delete_account, export_filename, export_user_data
from themes.shortcuts import render_themed


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request: HttpRequest) -> HttpResponse:
    """GET explains what the file holds; POST (with CSRF) downloads it."""
    if request.method == "GET":
        return render_themed(request, "accounts/privacy_export.html")
    data = export_user_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response["Cache-Control"] = "no-store"  # personal data: never kept by a shared cache
    return response


class DeleteAccountForm(forms.Form):
    """The password, or for an account that logs in by code only, a typed confirmation."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password to confirm.")},
    )
    confirmation = forms.CharField(
        label=_("Type the word DELETE"),
        error_messages={"required": _("Type the word DELETE to confirm.")},
    )

    def __init__(self, *args, user: User, request: HttpRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        # Accounts made by phone code may have no password: they confirm with a word.
        del self.fields["confirmation" if user.has_usable_password() else "password"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(
                _("Too many attempts. Wait a minute and try again."), code="rate_limited"
            )
        if "password" in self.fields:
            if not self.user.check_password(cleaned["password"]):
                self.add_error("password", _("That is not your password."))
        elif cleaned["confirmation"].strip().upper() not in ("DELETE", gettext("DELETE")):
            self.add_error("confirmation", _("Type the word DELETE exactly as shown."))
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None, user=request.user, request=request
    )
    if request.method == "POST" and form.is_valid():
        delete_account(request.user)
        logout(request)
        return HttpResponseRedirect(reverse("account_delete_done"))
    return render_themed(request, "accounts/delete_account.html", {"form": form})


def account_delete_done(request: HttpRequest) -> HttpResponse:
    return render_themed(request, "accounts/delete_account_done.html")


urlpatterns = [
    path("privacy/export/", data_export, name="account_data_export"),
    path("delete/", account_delete, name="account_delete"),
    path("delete/done/", account_delete_done, name="account_delete_done"),
]
