"""The benchmark's cities: fresh SQLite databases provisioned by the real service."""

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from communities.demo import REFERENCE_COMMUNITIES, REFERENCE_GRIDS, demo_specs
from communities.factories import create_demo_news
from communities.models import Community, CommunitySettings
from communities.services import load_divisions, provision_communities
from portal.services import ensure_portal

MEASURED_NEWS = 6  # the demo seed's news per community, plus a few more


@dataclass(frozen=True)
class Provisioning:
    communities: int
    wall_s: float
    cpu_s: float
    queries: int


@dataclass(frozen=True)
class MeasuredCommunity:
    """The community whose home page is rendered; the same one in every city."""

    name: str
    host: str


def migrated_database(work_dir: Path) -> Path:
    """The schema once, so that each city starts from a copy of the same fresh database."""
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    connection.close()
    return Path(settings.DATABASES["default"]["NAME"])


def copy_database(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def use_database(path: Path) -> None:
    """Switch this process to another city's database, forgetting what was cached."""
    connection.close()
    connection.settings_dict["NAME"] = str(path)
    cache.clear()  # Wagtail's site root paths among others
    ContentType.objects.clear_cache()


def provision(communities: int, progress: bool = False) -> Provisioning:
    """Provision the demo city's first ``communities`` communities, timed.

    The divisions and the portal are set up first, as ``seed_demo`` does; the time covers
    ``provision_communities`` alone: sites, pages in two languages, collections, groups,
    permissions and grids, in one transaction.
    """
    load_divisions()
    ensure_portal()
    specs = demo_specs(communities, REFERENCE_GRIDS * communities // REFERENCE_COMMUNITIES)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    def report(number: int, _report) -> None:
        if progress and number % 100 == 0:
            print(f"  {number} communities in {time.perf_counter() - started:.0f} s", flush=True)

    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        provision_communities(specs, progress=report)
    return Provisioning(
        communities,
        time.perf_counter() - started,
        time.process_time() - cpu_started,
        queries,
    )


def prepare_measured_community(communities: int) -> MeasuredCommunity:
    """Give the first community its contact details and news, as the demo seed does."""
    spec = demo_specs(communities, REFERENCE_GRIDS * communities // REFERENCE_COMMUNITIES)[0]
    community = Community.objects.with_hierarchy().get(slug=spec.slug)
    site_settings, _ = CommunitySettings.objects.get_or_create(site_id=community.site_id)
    site_settings.contact_phone = "0755-86000001"
    site_settings.address = f"深圳市{community.subdistrict.district.name}{community.name}"
    site_settings.opening_hours = "周一至周五 9:00-12:00, 14:00-18:00"
    site_settings.save()
    create_demo_news(community, MEASURED_NEWS, timezone.localdate())
    return MeasuredCommunity(community.name, f"{community.hostname}:{settings.PORTAL_PORT}")
