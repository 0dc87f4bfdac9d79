from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """The governance work network (社会管理工作网): taxonomy, events, supervision, assessment."""

    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from django.core import checks

        from accounts.account_sections import register_provider
        from accounts.privacy.export import register_exporter
        from accounts.services.roles import register_pi_access_rule

        from . import residents
        from .checks import holiday_data_check
        from .services import notices  # noqa: F401  (registers the notification kinds)

        checks.register(holiday_data_check)
        register_provider("complaints", residents.my_reports)
        register_exporter("reported_events", residents.export_reports)
        register_pi_access_rule(residents.handler_may_call_reporter)
