from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0021_search_visibility_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="narrative_consent",
            field=models.BooleanField(default=False, verbose_name="consent to publish the narrative"),
        ),
    ]
