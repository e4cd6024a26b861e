from django.db import migrations


def forwards(apps, schema_editor):
    """Add the message templates (documents request, progress update, message), and make the acknowledgement
    say what happened to the tracking code instead of "the tracking code we sent you" (never sent before).
    An acknowledgement an admin rewrote keeps its text: only the seed's sentence is replaced."""
    from redress.correspondence.seed import TRACKING, TRACKING_OLD, load_templates

    load_templates(apps)
    LetterTemplate = apps.get_model("correspondence", "LetterTemplate")
    for template in LetterTemplate.objects.filter(kind="acknowledgement"):
        old = TRACKING_OLD.get(template.language)
        if old and old in template.body:
            template.body = template.body.replace(old, TRACKING[template.language])
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("correspondence", "0008_sms_and_message_letters"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
