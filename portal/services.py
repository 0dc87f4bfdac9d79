"""Setting up the city portal site."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from communities.services.translation import ensure_translation

from .models import PortalHomePage

PORTAL_TITLE = "社区家园网"
PORTAL_TITLE_EN = "Community Homeland"


@transaction.atomic
def ensure_portal() -> PortalHomePage:
    """The portal home page as the default site at PORTAL_DOMAIN; idempotent.

    Replaces Wagtail's "Welcome to your new Wagtail site" page on a fresh database.
    """
    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    portal = PortalHomePage.objects.filter(depth=2, locale=zh).first()
    if portal is None:
        root = Page.get_first_root_node()
        portal = PortalHomePage(title=PORTAL_TITLE, slug="portal", locale=zh)
        root.add_child(instance=portal)
        portal.save_revision(log_action=True).publish(log_action=True)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    welcome_page_id = site.root_page_id if site.root_page_id != portal.pk else None
    changed = (site.hostname, site.port, site.root_page_id, site.site_name) != (
        settings.PORTAL_DOMAIN,
        settings.PORTAL_PORT,
        portal.pk,
        PORTAL_TITLE,
    )
    if changed:
        site.hostname = settings.PORTAL_DOMAIN
        site.port = settings.PORTAL_PORT
        site.root_page = portal
        site.site_name = PORTAL_TITLE
        site.save()
    if welcome_page_id:
        welcome = Page.objects.filter(pk=welcome_page_id, depth=2).first()
        if welcome is not None and type(welcome.specific) is Page:
            welcome.delete()
    ensure_translation(portal, en, PORTAL_TITLE_EN)
    return portal
