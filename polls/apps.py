from django.apps import AppConfig


class PollsConfig(AppConfig):
    """Surveys, sunshine deliberation (阳光议事) and community elections."""

    name = "polls"
