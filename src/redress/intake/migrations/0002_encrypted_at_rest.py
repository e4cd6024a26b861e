
import redress.privacy.fields
from django.db import migrations

from redress.privacy.migrating import decrypt_columns, encrypt_columns


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='inboundmessage',
            name='raw',
            field=redress.privacy.fields.EncryptedBinaryField(verbose_name='raw message'),
        ),
        # The emails kept so far are encrypted in place (the column stays bytes).
        migrations.RunPython(
            encrypt_columns("intake_inboundmessage", "raw"), decrypt_columns("intake_inboundmessage", "raw")
        ),
    ]
