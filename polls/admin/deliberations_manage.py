"""One deliberation in the admin (议题管理): what it is and where it stands, and the forms of
what an editor may do now: schedule or decline a waiting proposal, report progress on a
passed one's action item. Each is a POST calling one service; a refusal shows the service's
sentence and changes nothing; a success redirects back (post/redirect/get)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.admin.roles import RefuseWith403Mixin
from polls.forms_deliberations import ActionItemForm, RejectForm, ScheduleForm
from polls.models import ActionItem, Deliberation, DeliberationStatus
from polls.services.common import PollError
from polls.services.deliberations import (
    deliberation_path,
    reject_deliberation,
    schedule_deliberation,
    update_action_item,
)

from .deliberations_scope import scoped_deliberations

__all__ = ["NAMESPACE", "DeliberationManageView"]

NAMESPACE = "polls_deliberations"


def _schedule(user, deliberation: Deliberation, data: dict) -> None:
    schedule_deliberation(user, deliberation, **data)


def _reject(user, deliberation: Deliberation, data: dict) -> None:
    reject_deliberation(user, deliberation, data["reason"])


def _action(user, deliberation: Deliberation, data: dict) -> None:
    item = ActionItem.objects.get(deliberation=deliberation)
    update_action_item(user, item, status=data["status"], note=data["note"])


# name → (form class, service call, message on success)
ACTIONS = {
    "schedule": (ScheduleForm, _schedule, _("The deliberation is scheduled and published.")),
    "reject": (RejectForm, _reject, _("The proposal is declined; the proposer is told why.")),
    "action": (ActionItemForm, _action, _("The progress is saved and shown publicly.")),
}


class DeliberationManageView(RefuseWith403Mixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "polls/deliberations/admin_manage.html"
    header_icon = "group"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        found = scoped_deliberations(request.user).filter(pk=kwargs["pk"]).first()
        if found is None:
            raise Http404  # another community's deliberation: "not found", no enumeration
        self.deliberation = found
        self.bound: dict[str, forms.Form] = {}
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext("Deliberation")

    def get_page_subtitle(self) -> str:
        return self.deliberation.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": gettext("Deliberations")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def _offered(self) -> list[str]:
        d = self.deliberation
        if d.status == DeliberationStatus.SUBMITTED:
            return ["schedule", "reject"]
        if d.status == DeliberationStatus.CONCLUDED and hasattr(d, "action_item"):
            return ["action"]
        return []

    def _form(self, name: str) -> forms.Form:
        if name in self.bound:
            return self.bound[name]
        initial = {}
        if name == "action":
            item = self.deliberation.action_item
            initial = {"status": item.status, "note": item.progress_note}
        return ACTIONS[name][0](prefix=name, initial=initial)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        name = request.POST.get("action", "")
        if name not in self._offered():
            messages.error(request, gettext("This cannot be done to this deliberation now."))
            return self.render_to_response(self.get_context_data(), status=409)
        form_class, run, done = ACTIONS[name]
        form = form_class(request.POST, prefix=name)
        self.bound[name] = form
        if not form.is_valid():
            messages.error(request, gettext("Nothing was changed: check the form below."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            run(request.user, self.deliberation, form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            messages.error(request, gettext("Nothing was changed: check the form below."))
            return self.render_to_response(self.get_context_data(), status=400)
        except PollError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(), status=error.status)
        messages.success(request, str(done))
        return HttpResponseRedirect(request.path)

    def get_context_data(self, **kwargs) -> dict:
        kwargs.pop("pk", None)
        d = self.deliberation
        path = deliberation_path(d)
        return super().get_context_data(
            deliberation=d,
            public_url=d.community.get_url().rstrip("/") + path if path else "",
            forms=[(name, self._form(name)) for name in self._offered()],
            action_item=getattr(d, "action_item", None),
            history_url=reverse(f"{NAMESPACE}:history", args=[d.pk]),
            **kwargs,
        )
