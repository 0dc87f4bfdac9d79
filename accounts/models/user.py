"""The person behind a login, with the personal fields that PIPL protects kept apart."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_id_number


class User(AbstractUser):
    """A person with a login: resident (居民), editor, moderator or governance staff.

    ``display_name`` (昵称) is what the public sees. ``real_name``, ``phone``, ``id_number`` and
    ``address`` are personal information (个人信息): never on public pages, masked in staff
    views, and erased when the account is deleted.
    """

    display_name = models.CharField(
        _("display name"),
        max_length=30,
        blank=True,
        help_text=_("Shown next to what you post. Do not use your real name."),
    )
    real_name = models.CharField(_("real name"), max_length=50, blank=True)
    # E.164 (+8613812345678); unique when present so it can be a login.
    phone = models.CharField(_("mobile phone"), max_length=16, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    id_number = models.CharField(
        _("ID card number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    deleted_at = models.DateTimeField(_("account deleted at"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [
            ("audit_personal_information", "Can read the personal-information audit log"),
        ]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        """The name shown on public pages: never the real name, phone or email."""
        from accounts.privacy.masking import public_name_for

        return public_name_for(self)
