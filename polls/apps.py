from django.apps import AppConfig


class PollsConfig(AppConfig):
    """Surveys (民意调查), sunshine deliberation (阳光议事) and community elections (民主选举)."""

    name = "polls"
    verbose_name = "Polls"

    def ready(self) -> None:
        from .hooks import common, deliberations, elections, surveys

        for area in (common, surveys, deliberations, elections):
            area.register()
