from django.apps import AppConfig


class ServicesDirectoryConfig(AppConfig):
    """The one-stop service catalogue (一站式服务) and its service points."""

    name = "services_directory"
    verbose_name = "Services directory"
