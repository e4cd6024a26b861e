"""The seed policies' retention periods (UK: 3 years from receipt; CN-PBOC: 3 years after closure)."""

from django.db import migrations


def apply(apps, schema_editor):
    from redress.deadlines.seed import POLICIES

    Policy = apps.get_model("deadlines", "Policy")
    for data in POLICIES:
        fields = {k: data[k] for k in ("retention_years", "retention_from_receipt") if k in data}
        if fields:
            Policy.objects.filter(code=data["code"]).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0006_policy_retention")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
