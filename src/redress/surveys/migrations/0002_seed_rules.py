"""The institution's starting follow-up rules (回访): every dissatisfied and every urgent complaint,
the ones closed without an answer, and a 10 % sample of the rest. Admin-editable."""

from django.db import migrations

RULES = [
    ("所有不满意的投诉 / All dissatisfied", "dissatisfied", 100, 3),
    ("所有紧急投诉 / All urgent", "urgent", 100, 7),
    ("未回复满意度调查 / No answer to the survey", "no_response", 100, 7),
    ("10% 抽样回访 / 10% sample", "sample", 10, 14),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("surveys", "FollowUpRule")
    for name, condition, percent, days in RULES:
        Rule.objects.get_or_create(
            name=name, defaults={"condition": condition, "sample_percent": percent, "days_after_close": days}
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
