from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The one way the system tells a person something: an in-site inbox and email (通知)."""

    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The built-in kinds (residency, account) exist before any app calls notify().
        from notifications import kinds  # noqa: F401
