"""One disclosure's page for its organisation's staff (信息公开管理): where it stands, its
fields, attachments and versions, and the forms of what may be done now — edit and submit a
draft (or a returned one), attach or remove PDFs, start a correction of a published one.

Each action is a POST calling one service; a refusal shows the service's sentence and changes
nothing; a success redirects (post/redirect/get). Another organisation's disclosure is "not
found", whatever the action.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.admin.roles import RefuseWith403Mixin
from organisations.models import DisclosureStatus
from organisations.services.disclosures import (
    add_attachment,
    chain,
    open_correction,
    remove_attachment,
    start_correction,
    submit,
    update_draft,
)
from portal.forms import add_service_errors

from .display import field_rows
from .forms import AttachmentForm, CorrectionForm, disclosure_form_class
from .policies import staff_disclosures

__all__ = ["DisclosureManageView"]

NAMESPACE = "organisations_disclosures"
OPEN = (DisclosureStatus.DRAFT, DisclosureStatus.RETURNED)


class DisclosureManageView(RefuseWith403Mixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "organisations/admin/disclosure_manage.html"
    header_icon = "doc-full"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        found = staff_disclosures(request.user).filter(pk=kwargs["pk"]).first()
        if found is None:
            raise Http404  # another organisation's disclosure: "not found", no enumeration
        self.disclosure = found
        self.bound: dict[str, forms.Form] = {}
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext("Disclosure")

    def get_page_subtitle(self) -> str:
        return self.disclosure.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": gettext("Disclosures")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    # --- what may be done now --------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.disclosure.status in OPEN

    def _may_correct(self) -> bool:
        d = self.disclosure
        if d.status != DisclosureStatus.PUBLISHED:
            return False
        return not type(d).objects.filter(supersedes=d).exists()

    def _edit_form(self):
        if "save" not in self.bound:
            form_class = disclosure_form_class(
                self.disclosure.kind, correction=self.disclosure.supersedes_id is not None
            )
            self.bound["save"] = form_class(instance=self.disclosure)
        return self.bound["save"]

    def _form(self, name: str) -> forms.Form:
        if name not in self.bound:
            self.bound[name] = {"attach": AttachmentForm, "correct": CorrectionForm}[name](
                prefix=name
            )
        return self.bound[name]

    # --- the actions -----------------------------------------------------------------------

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        action = request.POST.get("action", "")
        handlers = {
            "save": self._save,
            "submit": self._save,
            "attach": self._attach,
            "detach": self._detach,
            "correct": self._correct,
        }
        allowed = {"save", "submit", "attach", "detach"} if self.is_open else set()
        if self._may_correct():
            allowed.add("correct")
        if action not in allowed:
            messages.error(request, gettext("This cannot be done to this disclosure now."))
            return self.render_to_response(self.get_context_data(), status=409)
        try:
            return handlers[action](request, action)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form = self.bound.get("save" if action == "submit" else action)
            if form is not None:
                add_service_errors(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
            messages.error(request, gettext("Nothing was changed: check the form below."))
            return self.render_to_response(self.get_context_data(), status=400)

    def _invalid(self) -> HttpResponse:
        messages.error(self.request, gettext("Nothing was changed: check the form below."))
        return self.render_to_response(self.get_context_data(), status=400)

    def _save(self, request, action: str) -> HttpResponse:
        form_class = disclosure_form_class(
            self.disclosure.kind, correction=self.disclosure.supersedes_id is not None
        )
        form = form_class(request.POST, instance=self.disclosure)
        self.bound["save"] = form
        if not form.is_valid():
            return self._invalid()
        with transaction.atomic():  # saved and submitted, or neither
            saved = update_draft(request.user, self.disclosure, **form.cleaned_data)
            if action == "submit":
                submit(request.user, saved)
        if action == "submit":
            messages.success(
                request, gettext("Submitted: civil affairs reviews it before it is published.")
            )
        else:
            messages.success(request, gettext("The draft is saved."))
        return HttpResponseRedirect(request.path)

    def _attach(self, request, action: str) -> HttpResponse:
        form = AttachmentForm(request.POST, request.FILES, prefix="attach")
        self.bound["attach"] = form
        if not form.is_valid():
            return self._invalid()
        add_attachment(
            request.user, self.disclosure, form.cleaned_data["title"], form.cleaned_data["file"]
        )
        messages.success(request, gettext("The PDF is attached."))
        return HttpResponseRedirect(request.path)

    def _detach(self, request, action: str) -> HttpResponse:
        attachment = self.disclosure.attachments.filter(
            pk=request.POST.get("attachment") or 0
        ).first()
        if attachment is None:
            raise Http404
        remove_attachment(request.user, attachment)
        messages.success(request, gettext("The attachment is removed."))
        return HttpResponseRedirect(request.path)

    def _correct(self, request, action: str) -> HttpResponse:
        form = CorrectionForm(request.POST, prefix="correct")
        self.bound["correct"] = form
        if not form.is_valid():
            return self._invalid()
        correction = start_correction(request.user, self.disclosure, form.cleaned_data["reason"])
        messages.success(
            request,
            gettext(
                "A new version is drafted: correct it and submit it. The published version "
                "stays public until the correction is published, and after."
            ),
        )
        return HttpResponseRedirect(reverse(f"{NAMESPACE}:edit", args=[correction.pk]))

    # --- the page --------------------------------------------------------------------------

    def get_context_data(self, **kwargs) -> dict:
        kwargs.pop("pk", None)
        d = self.disclosure
        versions = chain(d)
        return super().get_context_data(
            disclosure=d,
            rows=field_rows(d),
            attachments=list(d.attachments.all()),
            is_open=self.is_open,
            edit_form=self._edit_form() if self.is_open else None,
            attach_form=self._form("attach") if self.is_open else None,
            correct_form=self._form("correct") if self._may_correct() else None,
            open_correction=open_correction(d) if d.status == DisclosureStatus.PUBLISHED else None,
            versions=versions if len(versions) > 1 else [],
            history_url=reverse(f"{NAMESPACE}:history", args=[d.pk]),
            **kwargs,
        )
