from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, residency (居民认证), staff roles and personal-information protection."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment check)
