from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    """Social organisations (社会组织) and their disclosures."""

    name = "organisations"
    verbose_name = "Social organisations"
