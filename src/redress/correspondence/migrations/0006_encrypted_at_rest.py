
import redress.privacy.fields
from django.db import migrations

from redress.privacy.migrating import decrypt_columns, encrypt_columns


class Migration(migrations.Migration):

    dependencies = [
        ('correspondence', '0005_seed_letter_templates'),
    ]

    operations = [
        migrations.AlterField(
            model_name='letter',
            name='body',
            field=redress.privacy.fields.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name='letter',
            name='body_html',
            field=redress.privacy.fields.EncryptedTextField(blank=True, default=''),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='body',
            field=redress.privacy.fields.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='html_body',
            field=redress.privacy.fields.EncryptedTextField(blank=True, default=''),
        ),
        # The letters and emails kept so far are encrypted in place (the columns stay text).
        migrations.RunPython(
            encrypt_columns("correspondence_letter", "body", "body_html"),
            decrypt_columns("correspondence_letter", "body", "body_html"),
        ),
        migrations.RunPython(
            encrypt_columns("correspondence_outboxmessage", "body", "html_body"),
            decrypt_columns("correspondence_outboxmessage", "body", "html_body"),
        ),
    ]
