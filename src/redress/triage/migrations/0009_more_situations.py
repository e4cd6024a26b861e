"""Add the rules for situations a fresh held-out set showed missing (Chinese and English)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    # a migration reads the seed data only when it runs, not when the migration graph is loaded
    from redress.triage.seed import MORE_SITUATIONS, load_rules

    load_rules(apps, MORE_SITUATIONS)


class Migration(migrations.Migration):
    dependencies = [("triage", "0008_complaint_flags_from_suggestion")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
