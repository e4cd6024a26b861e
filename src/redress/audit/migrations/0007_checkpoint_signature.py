"""A checkpoint may carry an Ed25519 signature made with a key the database does not hold (audit/anchor.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_event_personal")]

    operations = [
        migrations.AddField(
            model_name="checkpoint",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32, verbose_name="signing key"),
        ),
        migrations.AddField(
            model_name="checkpoint",
            name="signature",
            field=models.CharField(blank=True, default="", max_length=128, verbose_name="signature"),
        ),
    ]
