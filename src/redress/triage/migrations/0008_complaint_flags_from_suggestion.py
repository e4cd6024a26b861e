"""Existing complaints take the flags of their first assessment, as new ones do at registration.

Only complaints whose suggestion raised a flag are written; the others keep the default, no flag.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_flags(apps, schema_editor):
    complaint_model = apps.get_model("complaints", "Complaint")
    suggestion_model = apps.get_model("triage", "TriageSuggestion")
    flagged = suggestion_model.objects.using(schema_editor.connection.alias).exclude(flags=[])
    complaint_model.objects.using(schema_editor.connection.alias).filter(
        pk__in=flagged.values("complaint_id"), flags=[]
    ).update(flags=Subquery(flagged.filter(complaint_id=OuterRef("pk")).values("flags")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0015_complaint_flags"),
        ("triage", "0007_english_situations"),
    ]

    operations = [migrations.RunPython(copy_flags, migrations.RunPython.noop, elidable=True)]
