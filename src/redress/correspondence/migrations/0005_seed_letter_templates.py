from django.db import migrations


def seed(apps, schema_editor):
    from redress.correspondence.seed import load_templates

    load_templates(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("correspondence", "0004_letter_templates"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
