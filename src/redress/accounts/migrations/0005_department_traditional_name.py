"""Departments get a Traditional Chinese name; the demo departments get theirs (where still blank and still
named as seeded)."""

from typing import Any

from django.db import migrations, models

# code: (Simplified name as seeded, Traditional name) of the demo departments.
SEEDED = {
    "service": ("客户服务中心", "客戶服務中心"),
    "cards": ("信用卡中心", "信用卡中心"),
    "loans": ("个人贷款部", "個人貸款部"),
    "compliance": ("合规部", "合規部"),
}


def seed_traditional(apps: Any, schema_editor: Any) -> None:
    Department = apps.get_model("accounts", "Department")
    for code, (simplified, traditional) in SEEDED.items():
        Department.objects.filter(code=code, name=simplified, name_zh_hant="").update(name_zh_hant=traditional)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_away_period"),
    ]

    operations = [
        migrations.AddField(
            model_name="department",
            name="name_zh_hant",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (Traditional Chinese)"),
        ),
        migrations.AlterField(
            model_name="department",
            name="name",
            field=models.CharField(max_length=120, verbose_name="name (Simplified Chinese)"),
        ),
        migrations.RunPython(seed_traditional, migrations.RunPython.noop),
    ]
