"""Seed the JR/T 0169-2018 business lines and the flag rules (admin-editable afterwards)."""

from django.db import migrations


def seed(apps, schema_editor):
    # a migration reads the seed data only when it runs, not when the migration graph is loaded
    from redress.triage.seed import load_business_lines, load_rules

    load_business_lines(apps)
    load_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
