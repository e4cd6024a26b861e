"""Evidence file names and descriptions, plans' summaries, redress items' descriptions, approval notes and the
staff member named as the customer gave it encrypted at rest (AES-GCM, named key, `redress keys rotate`), like
the description in complaints.0019: the columns become text, then the values kept in clear are encrypted in
place.

Not atomic: 500 rows a batch, each batch committed, so a large table is never one long transaction.
Interrupted, it is run again and carries on (a value already encrypted is left alone). Backwards: decrypted in
the same way, then the columns take their old types back.

The search documents of complaints with a searched text on their timeline (notes, contacts logged, the customer's
messages, letters, files) then take those texts' words with the personal data scrubbed out, as the description's
are (the texts are held encrypted; their words are no longer kept in clear anywhere).
"""

import redress.privacy.fields
from django.db import migrations, transaction

from redress.privacy.migrating import encrypt_tables


TABLES = {
    "complaints_evidence": ("original_name", "description"),
    "complaints_resolutionplan": ("summary",),
    "complaints_redressitem": ("description",),
    "complaints_approval": ("note",),
    "complaints_complaint": ("named_staff_text",),
}
CHUNK = 1000


seal, unseal = encrypt_tables(TABLES)


def scrub_file_names(apps, schema_editor):
    """The search documents of complaints with a searched text on their timeline (a note, a contact logged, a
    customer's message, a letter, a file): their `extra` words made again, now scrubbed of personal data like the
    description's (by the app's own code), 1,000 complaints a transaction."""
    from redress.complaints.search.index import search_extra_remake, searched_timelines

    alias = schema_editor.connection.alias
    ids = searched_timelines()
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic(using=alias):
            search_extra_remake(ids[start : start + CHUNK])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("complaints", "0023_cfpb_state_zip_kept"),
    ]

    operations = [
        migrations.AlterField(
            model_name="approval",
            name="note",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="named_staff_text",
            field=redress.privacy.fields.EncryptedTextField(
                blank=True, default="", verbose_name="staff member named (as given)"
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="description",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="original_name",
            field=redress.privacy.fields.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name="redressitem",
            name="description",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="resolutionplan",
            name="summary",
            field=redress.privacy.fields.EncryptedTextField(verbose_name="summary"),
        ),
        migrations.RunPython(seal, unseal),
        migrations.RunPython(scrub_file_names, migrations.RunPython.noop),
    ]
