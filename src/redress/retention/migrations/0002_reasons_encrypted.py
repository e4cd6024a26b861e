"""Legal holds' reasons, erasure requests' reasons and decision notes encrypted at rest (AES-GCM, named key,
`redress keys rotate`), like the description in complaints.0019: the columns become text, then the values kept
in clear are encrypted in place.

Not atomic: 500 rows a batch, each batch committed, so a large table is never one long transaction.
Interrupted, it is run again and carries on (a value already encrypted is left alone). Backwards: decrypted in
the same way, then the columns take their old types back.
"""

import redress.privacy.fields
from django.db import migrations

from redress.privacy.migrating import encrypt_tables


TABLES = {
    "retention_legalhold": ("reason",),
    "retention_erasurerequest": ("reason", "decision_note"),
}


seal, unseal = encrypt_tables(TABLES)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("retention", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="erasurerequest",
            name="decision_note",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="decision note"),
        ),
        migrations.AlterField(
            model_name="erasurerequest",
            name="reason",
            field=redress.privacy.fields.EncryptedTextField(verbose_name="reason"),
        ),
        migrations.AlterField(
            model_name="legalhold",
            name="reason",
            field=redress.privacy.fields.EncryptedTextField(verbose_name="reason"),
        ),
        migrations.RunPython(seal, unseal),
    ]
