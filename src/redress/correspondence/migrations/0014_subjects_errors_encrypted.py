"""Letters' and outbox e-mails' subjects, and the delivery errors of e-mails and text messages encrypted at rest
(AES-GCM, named key, `redress keys rotate`), like the description in complaints.0019: the columns become text,
then the values kept in clear are encrypted in place.

Not atomic: 500 rows a batch, each batch committed, so a large table is never one long transaction.
Interrupted, it is run again and carries on (a value already encrypted is left alone). Backwards: decrypted in
the same way, then the columns take their old types back.
"""

import redress.privacy.fields
from django.db import migrations

from redress.privacy.migrating import encrypt_tables


TABLES = {
    "correspondence_letter": ("subject",),
    "correspondence_outboxmessage": ("subject", "last_error"),
    "correspondence_smsmessage": ("last_error",),
}


seal, unseal = encrypt_tables(TABLES)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("correspondence", "0013_sms_pending_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="letter",
            name="subject",
            field=redress.privacy.fields.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="last_error",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="subject",
            field=redress.privacy.fields.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name="smsmessage",
            name="last_error",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.RunPython(seal, unseal),
    ]
