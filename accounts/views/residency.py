"""Residency pages (居民认证): my residency and requests, ask to be verified, withdraw a request.

On a community's site the request is for that community; on the city portal the resident
names the community by the first part of its site's address (its slug).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import Residency, ResidencyStatus
from accounts.services.residency import (
    BUILDING_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    live_communities,
    request_residency,
    withdraw_residency,
)
from communities.models import Community, Grid
from communities.scope import community_for_request
from themes.shortcuts import render_themed

EXAMPLE_SLUG = "futian-yuanling-luotian"
NOT_FOUND = _("We could not find that community. Check the address of its website.")


class ResidencyRequestForm(forms.Form):
    community = forms.CharField(
        label=_("Community"),
        max_length=63,
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    building = forms.CharField(
        label=_("Building"),
        max_length=BUILDING_MAX_LENGTH,
        help_text=_("For example 3栋 or 海景花园B座."),
    )
    unit = forms.CharField(
        label=_("Unit / room"), max_length=UNIT_MAX_LENGTH, help_text=_("For example 1203.")
    )
    grid = forms.ModelChoiceField(
        label=_("Grid"),
        queryset=Grid.objects.none(),
        required=False,
        empty_label=_("I do not know"),
        help_text=_("Your grid worker can tell you. Leave it if you are not sure."),
        error_messages={"invalid_choice": _("Choose one of this community's grids.")},
    )

    def __init__(self, *args, community: Community | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        if community is None:
            del self.fields["grid"]  # grids are chosen on the community's own site
            self.fields["community"].help_text = _(
                "The first part of your community website's address: for %(example)s, "
                "type %(slug)s."
            ) % {"example": f"{EXAMPLE_SLUG}.{settings.PORTAL_DOMAIN}", "slug": EXAMPLE_SLUG}
            return
        del self.fields["community"]
        grids = list(community.grids.order_by("code"))
        if grids:
            self.fields["grid"].queryset = community.grids.order_by("code")
            self.fields["grid"].choices = [("", self.fields["grid"].empty_label)] + [
                (grid.pk, grid.name) for grid in grids
            ]
        else:
            del self.fields["grid"]

    def clean_community(self) -> Community:
        slug = self.cleaned_data["community"].strip().lower()
        community = live_communities().filter(slug=slug).first()
        if community is None:
            raise ValidationError(NOT_FOUND, code="not_found")
        return community

    def add_service_error(self, error: ValidationError) -> None:
        """Put the service's errors next to the fields they are about (or above the form)."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


@login_required
def residency_status(request: HttpRequest) -> HttpResponse:
    """My residency (我的居民认证): the community I am verified in, and all my requests."""
    residencies = list(
        Residency.objects.filter(user=request.user).select_related("community", "grid")
    )
    current = next((r for r in residencies if r.status == ResidencyStatus.APPROVED), None)
    return render_themed(
        request,
        "accounts/residency_status.html",
        {
            "current": current,
            "residencies": residencies,
        },
    )


@login_required
def residency_request(request: HttpRequest) -> HttpResponse:
    """Ask to be verified as a resident (申请居民认证)."""
    community = community_for_request(request)
    data = request.POST if request.method == "POST" else None
    form = ResidencyRequestForm(data, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = community or data["community"]
        try:
            residency = request_residency(
                request.user,
                target,
                building=data["building"],
                unit=data["unit"],
                grid=data.get("grid"),
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if residency.status == ResidencyStatus.APPROVED:
                text = gettext(
                    "You are now a verified resident of %(community)s: your phone number is on "
                    "its census list."
                )
            else:
                text = gettext(
                    "Your request has been sent to the editors of %(community)s. You will be "
                    "told when they decide."
                )
            messages.success(request, text % {"community": target.name})
            return HttpResponseRedirect(reverse("residency_status"))
    return render_themed(
        request,
        "accounts/residency_request.html",
        {"form": form, "request_community": community},
        status=400 if form.errors else None,
    )


@login_required
@require_POST
def residency_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw one of my pending requests (撤回申请)."""
    residency = get_object_or_404(Residency, pk=pk, user=request.user)
    try:
        withdraw_residency(request.user, residency)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext("Your request to join %(community)s is withdrawn.")
            % {"community": residency.community.name},
        )
    return HttpResponseRedirect(reverse("residency_status"))


urlpatterns = [
    path("residency/", residency_status, name="residency_status"),
    path("residency/request/", residency_request, name="residency_request"),
    path("residency/<int:pk>/withdraw/", residency_withdraw, name="residency_withdraw"),
]
