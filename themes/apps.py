from django.apps import AppConfig


class ThemesConfig(AppConfig):
    """Site templates a community picks from, and how templates are resolved for them."""

    name = "themes"
