"""What opinion polls (民意调查) register at start-up: their audit log actions (publishing,
unpublishing, downloads of the answers), so Wagtail's history reports label them."""

from __future__ import annotations

from wagtail import hooks


def register_log_actions(actions) -> None:
    """Labels of the poll actions in Wagtail's history and site history reports."""
    from wagtail.log_actions import LogFormatter

    from polls.services.surveys import EXPORT_ACTION, LOG_ACTIONS

    for action, action_label in LOG_ACTIONS.items():

        class SurveyFormatter(LogFormatter):
            label = action_label

            def format_message(self, log_entry) -> str:
                kind = (log_entry.data or {}).get("kind")
                if log_entry.action == EXPORT_ACTION and kind:
                    return f"{self.label} ({kind})"
                return str(self.label)

        actions.register_action(action)(SurveyFormatter)


def register() -> None:
    """Called once from ``PollsConfig.ready``."""
    hooks.register("register_log_actions", register_log_actions)
