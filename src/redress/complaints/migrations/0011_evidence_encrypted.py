import redress.complaints.models.evidence
import redress.privacy.storage
from django.db import migrations, models


def seal(apps, schema_editor):
    """Encrypt the evidence files stored in clear before this release (in place; a missing file is skipped)."""
    storage = redress.privacy.storage.evidence_storage()
    for name in apps.get_model("complaints", "Evidence").objects.values_list("file", flat=True):
        if name and storage.exists(name):
            storage.seal_in_place(name)


def unseal(apps, schema_editor):
    storage = redress.privacy.storage.evidence_storage()
    for name in apps.get_model("complaints", "Evidence").objects.values_list("file", flat=True):
        if name and storage.exists(name):
            storage.unseal_in_place(name)


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0010_lean_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='evidence',
            name='file',
            field=models.FileField(max_length=300, storage=redress.privacy.storage.evidence_storage, upload_to=redress.complaints.models.evidence.evidence_path),
        ),
        migrations.RunPython(seal, unseal),
    ]
