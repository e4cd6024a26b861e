"""The description and the desired outcome encrypted at rest, like the customer's details, and the search
documents' `main` words made again from them with the personal data scrubbed out.

Not atomic: the texts are encrypted 500 rows at a time and each batch commits, and the words are made again a
chunk at a time, each chunk its own transaction, so a large table is never one long transaction. Interrupted, it
is run again and carries on: a value already encrypted is left alone, and making a document's words again gives
the same words.
"""

from django.db import migrations, transaction

import redress.privacy.fields
from redress.privacy.migrating import decrypt_columns, encrypt_columns

TABLE = "complaints_complaint"
COLUMNS = ("description", "desired_outcome")
CHUNK = 1000


def seal(apps, schema_editor):
    encrypt_columns(TABLE, *COLUMNS)(apps, schema_editor)


def unseal(apps, schema_editor):
    decrypt_columns(TABLE, *COLUMNS)(apps, schema_editor)


def scrub_search_words(apps, schema_editor):
    """Each document's `main` words from the texts as the app now takes them (personal data scrubbed out). A
    database from before search (no documents yet) gets every document made by 0021, by the app's own code."""
    # The app's own code makes the words (the scrubber, jieba, the stemmer), as every document is made.
    from redress.complaints.search.index import MAIN_READS, main_sources
    from redress.complaints.search.words import document_words

    alias = schema_editor.connection.alias
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintSearch = apps.get_model("complaints", "ComplaintSearch")
    if not Complaint.objects.using(alias).exists():
        return
    if not ComplaintSearch.objects.using(alias).exists():
        return  # no documents yet: 0021 makes them all (the app's code writes the columns it adds)
    last = 0
    while True:
        with transaction.atomic(using=alias):
            batch = list(Complaint.objects.using(alias).filter(id__gt=last).order_by("id").only(*MAIN_READS)[:CHUNK])
            for complaint in batch:
                main = document_words(source.text for source in main_sources(complaint))
                ComplaintSearch.objects.using(alias).filter(complaint_id=complaint.pk).update(main=main)
        if len(batch) < CHUNK:
            return
        last = batch[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("complaints", "0018_merge_search"),
    ]

    operations = [
        migrations.AlterField(
            model_name="complaint",
            name="description",
            field=redress.privacy.fields.EncryptedTextField(verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="desired_outcome",
            field=redress.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="desired outcome"),
        ),
        migrations.RunPython(seal, unseal),
        migrations.RunPython(scrub_search_words, migrations.RunPython.noop),
    ]
