from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyConsent(models.Model):
    """A user's consent to a version of the privacy policy (隐私政策同意记录).

    Kept after the account is deleted: it is the evidence that processing had a legal basis.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consents"
    )
    policy_version = models.CharField(_("policy version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("privacy consent")
        verbose_name_plural = _("privacy consents")
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.policy_version}"
