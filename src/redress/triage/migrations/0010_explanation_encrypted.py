"""Triage's explanations encrypted at rest (AES-GCM, named key, `redress keys rotate`): they hold words of the
complaint (what a rule matched, the model's terms). The column becomes text holding the JSON, then each value is
encrypted in place, 500 rows a batch (not atomic; run again after an interruption, it carries on). Backwards:
decrypted, then the column is JSON again.
"""

from django.db import migrations

import redress.privacy.fields
from redress.privacy.migrating import decrypt_columns, encrypt_columns


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("triage", "0009_more_situations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="triagesuggestion",
            name="explanation",
            field=redress.privacy.fields.EncryptedJSONField(blank=True, default=dict, verbose_name="explanation"),
        ),
        migrations.RunPython(
            encrypt_columns("triage_triagesuggestion", "explanation"),
            decrypt_columns("triage_triagesuggestion", "explanation"),
        ),
    ]
