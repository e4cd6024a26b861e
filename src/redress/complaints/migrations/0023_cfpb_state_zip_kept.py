"""Complaints imported from the CFPB database before State and ZIP code were kept in their source record
(`Complaint.external`) get them back from the customer's address, which the import wrote as "State ZIP".

Both are public data the CFPB published with the complaint (most ZIP codes already cut to three digits there:
"100XX"); the `us-cfpb` return gives them back as published. Only imported complaints (`external.source` is
"cfpb") lacking both keys are read; the address is decrypted by its own field, a chunk at a time, each chunk its
own transaction, so running it again carries on where it stopped.
"""

import re

from django.db import migrations, transaction

CHUNK = 1000
STATE, ZIP_CODE = "State", "ZIP code"
# A ZIP code as the CFPB publishes it: five digits, or three and "XX", or "XXXXX"; a ZIP+4 too.
_ZIP = re.compile(r"[0-9X]{3,5}(?:-[0-9X]{4})?")


def split_address(address: str) -> dict[str, str]:
    """An address "NY 100XX" as {"State": "NY", "ZIP code": "100XX"}; a part the CFPB left blank is left out."""
    words = address.split()
    found: dict[str, str] = {}
    if words and _ZIP.fullmatch(words[-1]):
        found[ZIP_CODE] = words.pop()
    if words:
        found[STATE] = " ".join(words)
    return found


def keep_state_and_zip(apps, schema_editor):
    alias = schema_editor.connection.alias
    Complaint = apps.get_model("complaints", "Complaint")
    imported = (
        Complaint.objects.using(alias)
        .filter(external__source="cfpb")
        .exclude(external__has_key=STATE)
        .exclude(external__has_key=ZIP_CODE)
        .order_by("id")
    )
    last = 0
    while True:
        with transaction.atomic(using=alias):
            batch = list(imported.filter(id__gt=last).only("id", "external", "customer_address")[:CHUNK])
            for complaint in batch:
                found = split_address(complaint.customer_address)
                if found:
                    Complaint.objects.using(alias).filter(pk=complaint.pk).update(
                        external={**complaint.external, **found}
                    )
        if len(batch) < CHUNK:
            return
        last = batch[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("complaints", "0022_complaint_narrative_consent"),
    ]

    operations = [
        migrations.RunPython(keep_state_and_zip, migrations.RunPython.noop),
    ]
