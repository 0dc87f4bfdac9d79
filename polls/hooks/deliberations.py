"""What the deliberations (阳光议事) register at start-up: their audit log actions, and the
deliberation's page as the place a passed deliberation's governance event is followed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


def register_log_actions(actions) -> None:
    """The audit labels of the editors' and the scheduler's decisions."""
    from wagtail.log_actions import LogFormatter

    from polls.services.deliberations import ACTIONS

    def formatter(action_label):
        class DeliberationFormatter(LogFormatter):
            label = action_label

            def format_message(self, log_entry) -> str:
                data = log_entry.data or {}
                details = [
                    str(value)
                    for value in (data.get("title"), data.get("outcome"), data.get("reason"))
                    if value
                ]
                if data.get("event"):
                    details.append(str(_("event %(reference)s") % {"reference": data["event"]}))
                return f"{self.label} ({'; '.join(details)})" if details else str(self.label)

        return DeliberationFormatter

    for action, label in ACTIONS.items():
        actions.register_action(action)(formatter(label))


def deliberation_page_of_event(event) -> str:
    """A poll's event is followed on its deliberation's page."""
    from governance.models import EventSource
    from polls.models import Deliberation
    from polls.services.deliberations import deliberation_path

    if event.source != EventSource.POLL:
        return ""
    deliberation = Deliberation.objects.filter(event_id=event.pk).only("pk", "community_id").first()
    return deliberation_path(deliberation) if deliberation is not None else ""


def register() -> None:
    """Called once from ``PollsConfig.ready``."""
    from governance.services.notices import register_public_path

    hooks.register("register_log_actions", register_log_actions)
    register_public_path(deliberation_page_of_event)
