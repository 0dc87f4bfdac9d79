from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Social organisations (社会组织) and their disclosures."""

    name = "organisations"
    verbose_name = "Social organisations"

    def ready(self) -> None:
        from portal.navigation import register_site_link

        register_site_link("social_organisations:directory", _("Social organisations"), order=20)
        from . import hooks

        hooks.register()
