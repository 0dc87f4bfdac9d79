"""The event page of the workbench (事件详情): the facts, the deadlines, the internal timeline
and the buttons of the actions the user may take now.

An event outside the user's scope is "not found", never "forbidden": no enumeration. Each
action is a POST that calls one service; a refusal shows the service's sentence on the page
(and changes nothing), a success redirects back to the page (post/redirect/get).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.privacy.reveal import masked, reveal
from accounts.services.roles import may_see_personal_information
from governance.models import Event, EventStatus
from governance.scope import events_in_scope
from governance.services import GovernanceError

from .access import LIVE_CHECKPOINT_STATES
from .actions import BY_NAME, Action, offered
from .columns import NAMESPACE, is_late
from .timeline import staff_timeline

__all__ = ["EventView"]


def _event(user, pk: int) -> Event:
    related = (
        "community__subdistrict__district", "grid", "category", "department", "handler",
        "reporter", "duplicate_of",
    )  # fmt: skip
    return get_object_or_404(events_in_scope(user, Event.objects.select_related(*related)), pk=pk)


class EventView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "governance/admin/event.html"
    page_title = _("Event")
    header_icon = "doc-full"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        self.event = _event(request.user, kwargs["pk"])
        self.bound: dict[str, object] = {}  # the posted form, shown again with its errors
        self.revealed_phone = ""
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.event.reference

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:events"), "label": gettext("All events")},
            {"url": "", "label": self.event.reference},
        ]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        name = request.POST.get("action", "")
        if name == "reveal":
            return self._reveal()
        action = BY_NAME.get(name)
        if action is None:
            messages.error(request, gettext("There is no such action."))
            return self.render_to_response(self.get_context_data(), status=400)
        form = action.form_class(request.POST, prefix=name, event=self.event, user=request.user)
        if not form.is_valid():
            self.bound[name] = form
            messages.error(request, gettext("Nothing was changed: check the form below."))
            return self.render_to_response(self.get_context_data(), status=400)
        return self._perform(action, form)

    def _perform(self, action: Action, form) -> HttpResponse:
        request, event = self.request, self.event
        seen = form.cleaned_data.get("seen")
        if seen in EventStatus.values:
            # The state the page showed: the service reports a change since then as a conflict.
            event.status = seen
        try:
            action.run(event, request.user, form.cleaned_data)
        except (GovernanceError, ValidationError) as error:
            # Nothing was written (the service's transaction rolled back): show why.
            text = str(error) if isinstance(error, GovernanceError) else " ".join(error.messages)
            messages.error(request, text)
            self.event = _event(request.user, event.pk)
            self.bound[action.name] = form
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, action.success_message(event))
        return HttpResponseRedirect(reverse(f"{NAMESPACE}:event", args=[event.pk]))

    def _reveal(self) -> HttpResponse:
        # PermissionDenied (a 403, nothing logged) when the role does not allow it.
        reporter = self.event.reporter
        if reporter is None:
            messages.error(self.request, gettext("This event has no reporter."))
            return self.render_to_response(self.get_context_data(), status=400)
        why = f"governance event {self.event.reference}"
        self.revealed_phone = reveal(self.request.user, reporter, "phone", reason=why) or "—"
        return self.render_to_response(self.get_context_data())

    def _forms(self) -> list[dict]:
        user, event = self.request.user, self.event
        return [
            {
                "action": action,
                "label": action.label_for(event),
                "form": self.bound.get(action.name)
                or action.form_class(prefix=action.name, event=event, user=user),
            }
            for action in offered(user, event)
        ]

    def get_context_data(self, **kwargs) -> dict:
        event, user = self.event, self.request.user
        reporter = event.reporter
        checkpoints = list(event.checkpoints.order_by("started_at", "pk"))
        live = [c.due_at for c in checkpoints if c.state in LIVE_CHECKPOINT_STATES]
        event.deadline = min(live) if live else None
        return super().get_context_data(
            event=event,
            late=is_late(event, timezone.now()),
            reporter=reporter,
            reporter_phone=masked(reporter, "phone") if reporter else "",
            revealed_phone=self.revealed_phone,
            may_reveal=bool(reporter and reporter.phone)
            and may_see_personal_information(user, reporter),
            photos=list(event.photos.all()),
            checkpoints=checkpoints,
            supervisions=list(event.supervisions.order_by("opened_at", "pk")),
            timeline=staff_timeline(event),
            actions=self._forms(),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-store"  # may hold a revealed phone number
        return response
