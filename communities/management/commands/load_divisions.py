from pathlib import Path

from django.core.management.base import BaseCommand

from communities.services import load_divisions
from communities.services.divisions import DEFAULT_DIVISIONS_FILE


class Command(BaseCommand):
    help = "Create the city's districts and subdistricts from a JSON data file."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_DIVISIONS_FILE)

    def handle(self, *args, file: Path, **options):
        districts, subdistricts = load_divisions(file)
        self.stdout.write(f"{districts} districts and {subdistricts} subdistricts created.")
