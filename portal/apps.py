from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The city portal and the page foundation every community site shares."""

    name = "portal"
