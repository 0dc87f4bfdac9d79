"""The city portal's home page: the directory of every community site."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from portal.blocks import RICH_TEXT_FEATURES

from .base import BasePage


class PortalHomePage(BasePage):
    """The city portal (城市门户): district → subdistrict → community, and "find my community"."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["communities.StandardPage"]
    template = "portal/portal_home_page.html"

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("city portal home page")

    def get_context(self, request, *args, **kwargs):
        from communities.directory import community_directory

        context = super().get_context(request, *args, **kwargs)
        context["directory"] = community_directory(request)
        return context
