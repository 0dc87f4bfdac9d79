from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_CENSUS_NEWCOMER, DEMO_PASSWORD, DEMO_PEOPLE
from communities.demo import REFERENCE_COMMUNITIES, REFERENCE_GRIDS
from portal.demo import seed_demo_city


class Command(BaseCommand):
    help = (
        "Build the demo city: 10 districts, 74 subdistricts, 673 community sites, ~15,000 "
        "grids, news, demo logins and the work network's taxonomy and ~30 events. Safe to run "
        "again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=REFERENCE_COMMUNITIES)
        parser.add_argument(
            "--grids",
            type=int,
            default=None,
            help="Grids in all (default: the reference city's density, 15,000 for 673).",
        )
        parser.add_argument("--news", type=int, default=3, help="News items per community.")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even with DEBUG off (the demo logins have published passwords).",
        )

    def handle(self, *args, communities, grids, news, allow_without_debug, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to seed demo logins with DEBUG off; pass --allow-without-debug."
            )
        if not 1 <= communities <= REFERENCE_COMMUNITIES:
            raise CommandError(f"--communities must be from 1 to {REFERENCE_COMMUNITIES}.")
        if grids is None:
            grids = round(REFERENCE_GRIDS * communities / REFERENCE_COMMUNITIES)
        if grids < 0 or news < 0:
            raise CommandError("--grids and --news cannot be negative.")
        created = seed_demo_city(communities, grids, news, say=self.stdout.write)
        port = settings.PORTAL_PORT
        suffix = "" if port == 80 else f":{port}"
        self.stdout.write(self.style.SUCCESS(f"Demo city ready: {len(created)} communities."))
        self.stdout.write(f"  Portal:      http://{settings.PORTAL_DOMAIN}{suffix}/")
        for community in created[:2]:
            self.stdout.write(f"  Community:   {community.get_url()}  ({community.name})")
        self.stdout.write(f"  Admin:       http://{settings.PORTAL_DOMAIN}{suffix}/admin/")
        for demo in DEMO_PEOPLE:
            self.stdout.write(
                f"  Login {demo.phone} (admin: {demo.username:<10}) / {DEMO_PASSWORD}"
                f"  ({demo.role_label})"
            )
        self.stdout.write(
            f"  Census list of the first community also holds {DEMO_CENSUS_NEWCOMER}: sign up "
            "with it and ask to join to see automatic approval. Codes: `manage.py sms_outbox`."
        )
