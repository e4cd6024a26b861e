"""The situations and guides a new installation starts with; a guide already there is left as it is."""

from typing import Any

from django.db import migrations

from redress.casebook.seed import GUIDES, SITUATIONS


def seed(apps: Any, schema_editor: Any) -> None:
    Situation = apps.get_model("casebook", "Situation")
    Guide = apps.get_model("casebook", "Guide")
    found = {}
    for order, (code, zh_hans, zh_hant, en) in enumerate(SITUATIONS, start=1):
        found[code], _ = Situation.objects.get_or_create(
            code=code,
            defaults={"label_zh_hans": zh_hans, "label_zh_hant": zh_hant, "label_en": en, "order": order * 10},
        )
    for order, guide in enumerate(GUIDES, start=1):
        fields = {k: v for k, v in guide.items() if k != "situation"}
        if not Guide.objects.filter(title_en=fields["title_en"]).exists():
            Guide.objects.create(situation=found[guide["situation"]], order=order * 10, **fields)


class Migration(migrations.Migration):
    dependencies = [("casebook", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
