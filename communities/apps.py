from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    """Tenancy: the administrative hierarchy and one Wagtail site per community."""

    name = "communities"

    def ready(self) -> None:
        from . import site_paths

        site_paths.install()
