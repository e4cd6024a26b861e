from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0019_free_text_encrypted"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["received_at", "id"], name="complaint_received"),
        ),
    ]
