from django.db import migrations


def seed(apps, schema_editor):
    # a migration reads the seed data only when it runs, not when the migration graph is loaded
    from redress.codes.seed_load import load_codes

    load_codes(apps)


class Migration(migrations.Migration):
    dependencies = [("codes", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
