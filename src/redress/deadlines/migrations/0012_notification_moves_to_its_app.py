# The Notification model now belongs to the notifications app (its table is kept: no database change).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0011_notification_digest"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
