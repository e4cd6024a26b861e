"""PostgreSQL: a sequence for complaint references. All databases: the default approval tiers."""

from decimal import Decimal

from django.db import migrations

SEQUENCE = "complaint_reference_seq"

# Above these totals a plan needs two distinct approvers, one of them compliance (DESIGN.md §2).
DEFAULT_TIERS = {"CNY": "100000", "GBP": "15000", "USD": "15000", "EUR": "15000", "HKD": "120000", "TWD": "500000"}


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


def seed_tiers(apps, schema_editor):
    ApprovalTier = apps.get_model("complaints", "ApprovalTier")
    for currency, threshold in DEFAULT_TIERS.items():
        ApprovalTier.objects.get_or_create(
            currency=currency,
            threshold=Decimal(threshold),
            defaults={"approvals_required": 2, "compliance_required": True},
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [
        migrations.RunPython(create_sequence, drop_sequence),
        migrations.RunPython(seed_tiers, migrations.RunPython.noop),
    ]
