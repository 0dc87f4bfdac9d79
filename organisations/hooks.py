"""Notification kinds, audit actions and admin permission policies of the organisations back
office. ``register`` is called once from ``OrganisationsConfig.ready``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


def register_log_actions(actions) -> None:
    """The audit labels of writing, reviewing and flagging disclosures."""
    from wagtail.log_actions import LogFormatter

    from organisations.services.notices import ACTIONS

    def formatter(action_label):
        class DisclosureFormatter(LogFormatter):
            label = action_label

            def format_message(self, log_entry) -> str:
                data = log_entry.data or {}
                details = [
                    str(data[key])
                    for key in ("title", "attachment", "requirement", "year", "reason")
                    if data.get(key)
                ]
                return f"{self.label} ({'; '.join(details)})" if details else str(self.label)

        return DisclosureFormatter

    for action, label in ACTIONS.items():
        actions.register_action(action)(formatter(label))


def register_question_actions(actions) -> None:
    """The audit labels of answering and hiding residents' questions."""
    from organisations.services.questions import ANSWER_ACTION, HIDE_ACTION

    actions.register_action(ANSWER_ACTION, _("Answer a question"), _("Answered a question"))
    actions.register_action(HIDE_ACTION, _("Hide a question"), _("Hid a question"))


def register() -> None:
    """Called once from ``OrganisationsConfig.ready``."""
    from accounts.privacy.export import register_exporter
    from notifications.kinds import register_kind
    from organisations.admin import policies  # noqa: F401  (registers the permission policies)
    from organisations.services.notices import KIND_OVERDUE, KIND_REVIEW
    from organisations.services.questions import ANSWER_NOTIFICATION_KIND, export_questions

    register_kind(
        KIND_REVIEW,
        _("Disclosures of social organisations"),
        _(
            "For organisation staff: when civil affairs publishes or returns your "
            "organisation's disclosure. For civil-affairs reviewers: when a disclosure waits "
            "for review."
        ),
    )
    register_kind(
        KIND_OVERDUE,
        _("Overdue required disclosures"),
        _(
            "When a disclosure your organisation must publish (or, for civil affairs, any "
            "organisation) is past its deadline."
        ),
    )
    register_kind(
        ANSWER_NOTIFICATION_KIND,
        _("Answers from social organisations"),
        _("When a social organisation answers a question you asked it."),
    )
    register_exporter("organisation_questions", export_questions)
    hooks.register("register_log_actions", register_log_actions)
    hooks.register("register_log_actions", register_question_actions)
