"""The reason an access record gives encrypted at rest (AES-GCM, named key, `redress keys rotate`), like the
description in complaints.0019: the columns become text, then the values kept in clear are encrypted in place.

Not atomic: 500 rows a batch, each batch committed, so a large table is never one long transaction.
Interrupted, it is run again and carries on (a value already encrypted is left alone). Backwards: decrypted in
the same way, then the columns take their old types back.
"""

import redress.privacy.fields
from django.db import migrations

from redress.privacy.migrating import decrypt_columns, encrypt_columns


TABLES = {
    "access_accessrecord": ("reason",),
}


def seal(apps, schema_editor):
    for table, columns in TABLES.items():
        encrypt_columns(table, *columns)(apps, schema_editor)


def unseal(apps, schema_editor):
    for table, columns in TABLES.items():
        decrypt_columns(table, *columns)(apps, schema_editor)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("access", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accessrecord",
            name="reason",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="reason"),
        ),
        migrations.RunPython(seal, unseal),
    ]
