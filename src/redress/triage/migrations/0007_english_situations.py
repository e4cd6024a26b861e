"""Add the rules for English situations told without the flag's word, and retire the bare "court"."""

from django.db import migrations


def forwards(apps, schema_editor):
    # a migration reads the seed data only when it runs, not when the migration graph is loaded
    from redress.triage.seed import ENGLISH_SITUATIONS, load_rules, retire_rules

    load_rules(apps, ENGLISH_SITUATIONS)
    retire_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("triage", "0006_artifact_npz")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
