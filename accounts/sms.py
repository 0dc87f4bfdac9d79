"""Pluggable SMS sending (短信发送). ``settings.SMS_BACKEND`` names the class.

The default, ``DatabaseSmsBackend``, needs no provider: the whole sign-up and sign-in flow runs
in tests and the demo, which read the codes from the ``SmsMessage`` table. A provider's backend
is any class with ``send(phone, body)``; it is chosen by a settings change, not a code change.
"""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from accounts.privacy.masking import mask_phone

__all__ = ["DatabaseSmsBackend", "SmsBackend", "send_sms"]

logger = logging.getLogger("jiayuan.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, body: str) -> None: ...


class DatabaseSmsBackend:
    """Writes each message to the SmsMessage table and to the log (phone masked)."""

    def send(self, phone: str, body: str) -> None:
        from accounts.models import SmsMessage

        SmsMessage.objects.create(phone=phone, body=body)
        logger.info("SMS to %s: %s", mask_phone(phone), body)


def send_sms(phone: str, body: str) -> None:
    """Send ``body`` to ``phone`` (E.164) through the configured backend."""
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    backend.send(phone, body)
