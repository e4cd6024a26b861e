"""The deadline policies of `deadlines.seed` (CN-NFRA, CN-PBOC, UK-FCA, UK-FCA-PSD, US-CFPB, TW-FSC, HK-HKMA)."""

from django.db import migrations


def seed(apps, schema_editor):
    from redress.deadlines.seed import load_policies

    load_policies(apps)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
