from django.db import models
from django.utils.translation import gettext_lazy as _


class SmsMessage(models.Model):
    """A text message the database SMS backend "sent" (短信记录).

    With no SMS provider configured, this table is the outbox that tests and the demo read.
    """

    phone = models.CharField(_("phone"), max_length=16, db_index=True)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.phone}: {self.body[:30]}"
