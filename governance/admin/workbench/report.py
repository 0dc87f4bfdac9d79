"""The dispatcher's "Report an event" form (代录事件): a 12345 hotline call, a public-opinion
item or a department's data typed in by the dispatch centre, without a resident reporter."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from governance.services import NotAllowed, report_event
from portal.forms import add_service_errors

from .access import is_dispatcher
from .columns import NAMESPACE
from .forms import ReportForm

__all__ = ["ReportEventView"]


class ReportEventView(WagtailAdminTemplateMixin, FormView):
    template_name = "governance/admin/report.html"
    form_class = ReportForm
    page_title = _("Report an event")
    header_icon = "plus"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not is_dispatcher(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:dispatch"), "label": gettext("Dispatch queue")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            event = report_event(
                source=data["source"],
                source_ref=data["source_ref"],
                community=data["community"],
                category=data["category"],
                title=data["title"],
                description=data["description"],
                location=data["location"],
                building=data["building"],
                priority=data["priority"],
                reporter=None,
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except NotAllowed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Event %(reference)s reported; it waits in the dispatch queue.")
            % {"reference": event.reference},
        )
        return HttpResponseRedirect(reverse(f"{NAMESPACE}:event", args=[event.pk]))

    def form_invalid(self, form):
        messages.validation_error(self.request, gettext("The event was not reported."), form)
        return self.render_to_response(self.get_context_data(form=form), status=400)
