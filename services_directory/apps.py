from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesDirectoryConfig(AppConfig):
    """The one-stop service catalogue (一站式服务) and its service points."""

    name = "services_directory"
    verbose_name = "Services directory"

    def ready(self) -> None:
        from portal.navigation import register_site_link

        register_site_link("services_directory:index", _("One-stop services"), order=10)
