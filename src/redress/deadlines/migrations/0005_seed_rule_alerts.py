"""Seed rules that pass silently (the UK summary resolution window) stop alerting."""

from django.db import migrations


def silence(apps, schema_editor):
    from redress.deadlines.seed import POLICIES

    ClockRule = apps.get_model("deadlines", "ClockRule")
    for policy in POLICIES:
        for rule in policy["rules"]:
            if rule.get("alerts") is False:
                ClockRule.objects.filter(policy_id=policy["code"], kind=rule["kind"]).update(alerts=False)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_rule_alerts")]

    operations = [migrations.RunPython(silence, migrations.RunPython.noop)]
