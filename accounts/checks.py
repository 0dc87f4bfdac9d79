"""Deployment checks: the demo's SMS outbox must not be what production sends codes with."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

DATABASE_BACKEND = "accounts.sms.DatabaseSmsBackend"


@register(Tags.security, deploy=True)
def sms_backend_is_real(app_configs, **kwargs) -> list[Warning]:
    if settings.SMS_BACKEND != DATABASE_BACKEND:
        return []
    return [
        Warning(
            "SMS_BACKEND is the database outbox: residents receive no verification codes, "
            "and the codes sit readable in the SmsMessage table.",
            hint="Set SMS_BACKEND to your SMS provider's backend class.",
            id="accounts.W001",
        )
    ]
