from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0018_merge_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["received_at", "id"], name="complaint_received"),
        ),
    ]
