from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext

from governance.services.taxonomy import (
    DEFAULT_CATEGORIES_FILE,
    DEFAULT_DEPARTMENTS_FILE,
    TaxonomyError,
    load_taxonomy,
    taxonomy_counts,
)


class Command(BaseCommand):
    help = (
        "Create or update the departments and the dispute and hazard categories (事件分类) "
        "from their CSV files. Safe to run again; nothing is saved if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departments", type=Path, default=None, help=f"Default: {DEFAULT_DEPARTMENTS_FILE}"
        )
        parser.add_argument(
            "--categories", type=Path, default=None, help=f"Default: {DEFAULT_CATEGORIES_FILE}"
        )

    def handle(self, *args, departments: Path | None, categories: Path | None, **options):
        try:
            result = load_taxonomy(departments, categories)
        except TaxonomyError as error:
            for message in error.errors:
                self.stderr.write(message)
            # A CommandError ends the command with status 1 and no traceback.
            raise CommandError(
                ngettext(
                    "Nothing was loaded: %(count)d problem in the taxonomy files.",
                    "Nothing was loaded: %(count)d problems in the taxonomy files.",
                    len(error.errors),
                )
                % {"count": len(error.errors)}
            ) from None
        self.stdout.write(
            gettext("Departments: %(created)d created, %(updated)d updated, %(same)d unchanged.")
            % {
                "created": result.departments_created,
                "updated": result.departments_updated,
                "same": result.departments_unchanged,
            }
        )
        self.stdout.write(
            gettext("Categories: %(created)d created, %(updated)d updated, %(same)d unchanged.")
            % {
                "created": result.categories_created,
                "updated": result.categories_updated,
                "same": result.categories_unchanged,
            }
        )
        counts = taxonomy_counts()
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Taxonomy ready: %(disputes)d dispute and %(hazards)d hazard categories.")
                % {"disputes": counts["dispute"], "hazards": counts["hazard"]}
            )
        )
