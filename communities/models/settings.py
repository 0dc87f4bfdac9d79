"""Per-community site settings, edited by that community's editors only."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from communities.validators import validate_public_phone
from themes.registry import DEFAULT_THEME, theme_choices


class Participation(models.TextChoices):
    """Who may take part in an activity on a community's site (参与规则)."""

    SIGNED_IN = "signed_in", _("Anyone who is signed in")
    RESIDENTS = "residents", _("Verified residents of this community only")


@register_setting(icon="home")
class CommunitySettings(BaseSiteSetting):
    """Contact details and identity of a community site (社区信息)."""

    contact_phone = models.CharField(
        _("contact phone"),
        max_length=32,
        blank=True,
        validators=[validate_public_phone],
        help_text=_("The service centre's public number, e.g. 0755-86001234 or 12345."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.TextField(
        _("service-centre opening hours"),
        blank=True,
        help_text=_("One line per period, e.g. 周一至周五 9:00-12:00, 14:00-18:00."),
    )
    wechat_account = models.CharField(_("WeChat public account"), max_length=60, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )

    # Chosen on the admin's theme page (with previews), which logs the change: not a panel here.
    theme = models.CharField(
        _("theme"), max_length=20, choices=theme_choices, default=DEFAULT_THEME
    )

    who_may_post = models.CharField(
        _("who may post"),
        max_length=12,
        choices=Participation.choices,
        default=Participation.SIGNED_IN,
        help_text=_("Who may write posts and forum topics on this site."),
    )
    who_may_vote = models.CharField(
        _("who may vote"),
        max_length=12,
        choices=Participation.choices,
        default=Participation.RESIDENTS,
        help_text=_("Who may vote in this site's polls and deliberations."),
    )
    residents_may_propose = models.BooleanField(
        _("residents may propose deliberations"),
        default=False,
        help_text=_(
            "On: verified residents may put a proposal to the community (阳光议事); the "
            "community office still schedules or declines it."
        ),
    )

    panels = [
        FieldPanel("contact_phone"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("wechat_account"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("who_may_post"),
                FieldPanel("who_may_vote"),
                FieldPanel("residents_may_propose"),
            ],
            heading=_("Participation rules"),
        ),
    ]

    class Meta:
        verbose_name = _("community settings")

    def clean(self) -> None:
        super().clean()
        if self.wechat_account and any(ch in self.wechat_account for ch in "<>\"'"):
            raise ValidationError({"wechat_account": _("Use the account's name or ID only.")})

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]
