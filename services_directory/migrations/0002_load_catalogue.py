"""Load the shipped one-stop service catalogue (8 categories, 43 items) into every database:
production, the demo and each test run. Re-applied later with ``load_service_catalogue``."""

from django.db import migrations


def load(apps, schema_editor):
    from services_directory.services.catalogue import DEFAULT_FILE, load_catalogue

    load_catalogue(
        DEFAULT_FILE,
        category_model=apps.get_model("services_directory", "ServiceCategory"),
        item_model=apps.get_model("services_directory", "ServiceItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("services_directory", "0001_initial")]

    # Nothing to undo: unapplying 0001 drops the tables.
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
