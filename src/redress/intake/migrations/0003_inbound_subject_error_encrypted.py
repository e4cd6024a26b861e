"""Inbound e-mails' subjects and processing errors encrypted at rest (AES-GCM, named key, `redress keys rotate`),
like the description in complaints.0019: the columns become text, then the values kept in clear are encrypted
in place.

Not atomic: 500 rows a batch, each batch committed, so a large table is never one long transaction.
Interrupted, it is run again and carries on (a value already encrypted is left alone). Backwards: decrypted in
the same way, then the columns take their old types back.
"""

import redress.privacy.fields
from django.db import migrations

from redress.privacy.migrating import encrypt_tables


TABLES = {
    "intake_inboundmessage": ("subject", "error"),
}


seal, unseal = encrypt_tables(TABLES)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("intake", "0002_encrypted_at_rest"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inboundmessage",
            name="error",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="error"),
        ),
        migrations.AlterField(
            model_name="inboundmessage",
            name="subject",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="subject"),
        ),
        migrations.RunPython(seal, unseal),
    ]
