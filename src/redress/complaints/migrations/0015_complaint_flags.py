"""The staff-set flags of a complaint (the first assessment's until staff decide in `triage`).

The column has a database default (no flag), so rows written outside the ORM (the benchmarks' COPY) need not
name it, and adding it to a large table writes no row on PostgreSQL.

The triage app copies the flags of existing suggestions (triage 0008). On PostgreSQL a GIN index serves the
queue's `flag` filter (`flags @> '["fraud"]'`); SQLite scans, as an embedded installation's size allows.
"""

from django.db import migrations, models

INDEX = "complaint_flags_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON complaints_complaint USING gin (flags jsonb_path_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0014_external_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="flags",
            field=models.JSONField(
                blank=True, db_default=models.Value([], models.JSONField()), default=list, verbose_name="flags"
            ),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
