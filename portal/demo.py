"""The demo city: portal, 673 provisioned communities, news, settings, demo logins, the
work network's taxonomy, staff and events, the first community's forum, posts and polls,
every community's service points and the social organisations with their disclosures."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from accounts.demo import ensure_demo_people
from communities.demo import REFERENCE_COMMUNITIES, REFERENCE_GRIDS, demo_specs
from communities.factories import create_demo_news, fill_demo_about_page
from communities.models import Community, CommunitySettings
from communities.services import load_divisions, provision_communities
from forums.demo import seed_demo_forum
from governance.demo import seed_demo_events
from organisations.demo import seed_demo_organisations
from polls.demo import seed_demo_polls
from services_directory.demo import seed_demo_service_points
from themes.registry import THEMES

from .services import ensure_portal

_THEME_ROTATION = list(THEMES)
# Publishing a revision per community would slow the 673-site seed; 40 show every theme.
DEMO_ABOUT_PAGES = 40


def _settings_for(community: Community, number: int) -> dict:
    return {
        "contact_phone": f"0755-86{number % 1_000_000:06d}",
        "address": f"深圳市{community.subdistrict.district.name}{community.subdistrict.name}"
        f"{community.name}党群服务中心",
        "opening_hours": "周一至周五 9:00-12:00, 14:00-18:00\n周六 9:00-12:00",
        "wechat_account": f"{community.name}服务号",
    }


def seed_demo_city(
    communities: int = REFERENCE_COMMUNITIES,
    grids: int = REFERENCE_GRIDS,
    news_per_community: int = 3,
    say: Callable[[str], None] = lambda message: None,
) -> list[Community]:
    load_divisions()
    ensure_portal()
    say(f"Provisioning {communities} communities…")

    def progress(number: int, report) -> None:
        if number % 100 == 0:
            say(f"  {number} communities ready")

    reports = provision_communities(demo_specs(communities, grids), progress=progress)
    created = [r.community for r in reports]
    today = timezone.localdate()
    with transaction.atomic():
        for number, community in enumerate(
            Community.objects.filter(pk__in=[c.pk for c in created]).with_hierarchy(), 1
        ):
            site_settings, _ = CommunitySettings.objects.get_or_create(site_id=community.site_id)
            if not site_settings.contact_phone:
                for field, value in _settings_for(community, number).items():
                    setattr(site_settings, field, value)
                # Round the eight themes, so a visitor of the demo sees all of them.
                site_settings.theme = _THEME_ROTATION[(number - 1) % len(_THEME_ROTATION)]
                site_settings.save()
            create_demo_news(community, news_per_community, today)
            if number <= DEMO_ABOUT_PAGES:
                fill_demo_about_page(community)
    if created:
        ensure_demo_people(created[0])
        seed_demo_events(created, say=say)
        seed_demo_forum(created[0], say=say)
        seed_demo_polls(created[0], say=say)
        seed_demo_service_points(created, say=say)
        # After the service points: an organisation runs the first community's centre.
        seed_demo_organisations(created, say=say)
    return created
