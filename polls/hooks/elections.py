"""What elections (民主选举) register at start-up: the audit label of publishing a result.

Casting a ballot is deliberately not audited: the voter roll is the record that someone
voted, and nothing may record what they chose.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


def _register_log_actions(actions) -> None:
    from wagtail.log_actions import LogFormatter

    from polls.services.elections.results import PUBLISH_ACTION

    @actions.register_action(PUBLISH_ACTION)
    class ElectionPublishFormatter(LogFormatter):
        label = _("Publish election result")

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            return _("Published the result: %(ballots)s ballots, checksum %(checksum)s") % {
                "ballots": data.get("ballots", "?"),
                "checksum": (data.get("checksum") or "")[:12],
            }


def register() -> None:
    """Called once from ``PollsConfig.ready``."""
    hooks.register("register_log_actions", _register_log_actions)
