"""Follow-up visits' summaries encrypted at rest (AES-GCM, named key, `redress keys rotate`), like the
description in complaints.0019: the columns become text, then the values kept in clear are encrypted in place.

Not atomic: 500 rows a batch, each batch committed, so a large table is never one long transaction.
Interrupted, it is run again and carries on (a value already encrypted is left alone). Backwards: decrypted in
the same way, then the columns take their old types back.
"""

import redress.privacy.fields
from django.db import migrations

from redress.privacy.migrating import encrypt_tables


TABLES = {
    "surveys_followuptask": ("summary",),
}


seal, unseal = encrypt_tables(TABLES)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("surveys", "0003_followup_due_notified"),
    ]

    operations = [
        migrations.AlterField(
            model_name="followuptask",
            name="summary",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="summary"),
        ),
        migrations.RunPython(seal, unseal),
    ]
