from django.db import migrations


def seed(apps, schema_editor):
    # The seed templates not there yet (the enquiry letter's); an administrator's edits are kept.
    from redress.correspondence.seed import load_templates

    load_templates(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("correspondence", "0008_enquiry_letter"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
