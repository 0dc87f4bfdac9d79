"""Asking an organisation a question (提问): signed-in residents only, no JavaScript needed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.forms import QuestionForm
from organisations.models import Organisation
from organisations.services.questions import QuestionRateLimited, ask_question
from portal.forms import add_service_errors
from portal.ratelimit import client_ip

from .disclosures import disclosure_page
from .organisation import organisation_page

__all__ = ["ask"]


@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a question and go back to it with a message; on an error, the page it was
    asked from again, with the error next to the question (nothing saved)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    page_url = reverse("social_organisations:detail", args=[organisation.pk])
    if not request.user.is_authenticated:
        return redirect_to_login(page_url)
    form = QuestionForm(request.POST, organisation=organisation)
    status, retry_after = 400, 0
    valid = form.is_valid()
    disclosure = form.cleaned_data.get("disclosure")
    if valid:
        try:
            question = ask_question(
                request.user, organisation, form.cleaned_data["body"], disclosure,
                ip=client_ip(request),
            )  # fmt: skip
        except QuestionRateLimited as refused:
            form.add_error(None, refused.messages)
            status, retry_after = 429, refused.retry_after
        except ValidationError as invalid:
            add_service_errors(form, invalid)
        except PermissionDenied as refused:
            form.add_error(None, str(refused) or _("You may not ask a question here."))
            status = 403
        else:
            messages.success(
                request,
                _("Thank you. Your question is published; the organisation answers it here."),
            )
            if disclosure is not None:
                page_url = reverse(
                    "social_organisations:disclosure", args=[organisation.pk, disclosure.pk]
                )
            return HttpResponseRedirect(f"{page_url}#question-{question.pk}")
    if disclosure is not None:
        disclosure.organisation = organisation
        response = disclosure_page(request, disclosure, form, status=status)
    else:
        response = organisation_page(request, organisation, form, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
