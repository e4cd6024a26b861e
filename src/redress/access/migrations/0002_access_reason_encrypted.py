"""The reason an access record gives encrypted at rest (AES-GCM, named key, `redress keys rotate`), like the
description in complaints.0019: the columns become text, then the values kept in clear are encrypted in place.

Not atomic: 500 rows a batch, each batch committed, so a large table is never one long transaction.
Interrupted, it is run again and carries on (a value already encrypted is left alone). Backwards: decrypted in
the same way, then the columns take their old types back.
"""

import redress.privacy.fields
from django.db import migrations

from redress.privacy.migrating import encrypt_tables


TABLES = {
    "access_accessrecord": ("reason",),
}


seal, unseal = encrypt_tables(TABLES)


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
