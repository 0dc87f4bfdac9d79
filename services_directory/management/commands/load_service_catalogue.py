"""``manage.py load_service_catalogue [--file PATH]``: apply the catalogue file again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext

from services_directory.services.catalogue import (
    DEFAULT_FILE,
    CatalogueError,
    catalogue_counts,
    load_catalogue,
)


class Command(BaseCommand):
    help = (
        "Create or update the one-stop service catalogue's categories and city items "
        "(一站式服务目录) from its JSON file. Safe to run again; nothing is saved if any "
        "entry is bad, and communities' local items are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=None, help=f"Default: {DEFAULT_FILE}")

    def handle(self, *args, file: Path | None, **options):
        try:
            result = load_catalogue(file)
        except CatalogueError as error:
            for message in error.errors:
                self.stderr.write(message)
            # A CommandError ends the command with status 1 and no traceback.
            raise CommandError(
                ngettext(
                    "Nothing was loaded: %(count)d problem in the catalogue file.",
                    "Nothing was loaded: %(count)d problems in the catalogue file.",
                    len(error.errors),
                )
                % {"count": len(error.errors)}
            ) from None
        self.stdout.write(
            gettext("Categories: %(created)d created, %(updated)d updated, %(same)d unchanged.")
            % {
                "created": result.categories_created,
                "updated": result.categories_updated,
                "same": result.categories_unchanged,
            }
        )
        self.stdout.write(
            gettext("Items: %(created)d created, %(updated)d updated, %(same)d unchanged.")
            % {
                "created": result.items_created,
                "updated": result.items_updated,
                "same": result.items_unchanged,
            }
        )
        counts = catalogue_counts()
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Catalogue ready: %(categories)d categories and %(items)d city items.")
                % counts
            )
        )
