from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communities.services import (
    CsvInvalid,
    ProvisioningError,
    decode,
    parse_community_csv,
    provision_communities,
)


class Command(BaseCommand):
    help = (
        "Provision community sites from a CSV with the columns district, subdistrict, community "
        "(and optionally slug, grids). All rows are checked first; a bad file creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from-csv", required=True, type=Path, metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and stop before writing."
        )

    def handle(self, *args, from_csv: Path, dry_run: bool, **options):
        try:
            raw = from_csv.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {from_csv}: {error.strerror}") from error
        try:
            specs = parse_community_csv(decode(raw))
        except CsvInvalid as invalid:
            raise CommandError(
                f"{from_csv} was rejected; nothing was created:\n{invalid}"
            ) from invalid
        if dry_run:
            self.stdout.write(f"{len(specs)} communities would be provisioned.")
            return
        try:
            reports = provision_communities(specs)
        except ProvisioningError as error:
            raise CommandError(f"Provisioning failed; nothing was created: {error}") from error
        changed = [r for r in reports if r.changed]
        for report in changed:
            self.stdout.write(f"{report.community.slug}: {', '.join(report.created)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(reports)} communities checked, {len(changed)} created or completed."
            )
        )
