"""Urgent-complaint and improvement-action notifications written as a bilingual sentence get the parameters
their kind is now worded from (in each reader's language). A spike alert's sentence names its series by their
labels, which cannot be read back into codes: those rows keep showing the words they were stored with."""

import re
from typing import Any

from django.db import migrations

OWNER_ONE = re.compile(r"Improvement #(?P<id>\d+) is yours \(due (?P<due>[^)]*)\)")
OWNER_PLAN = re.compile(r"Improvements (?P<ids>#\d+(?:, #\d+)*) of (?P<reference>\S+) are yours")
REMINDER = re.compile(r"Improvement actions: (?P<overdue>\d+) overdue, (?P<soon>\d+) due within (?P<days>\d+) days")


def _owner(message: str, titles: dict[int, str]) -> dict[str, Any] | None:
    if found := OWNER_PLAN.search(message):
        ids = [int(i) for i in re.findall(r"\d+", found.group("ids"))]
        return {"reference": found.group("reference"), "actions": ids}
    if found := OWNER_ONE.search(message):
        pk = int(found.group("id"))
        due = found.group("due")
        return {"action": pk, "title": titles.get(pk, ""), "due": "" if due == "—" else due}
    return None


def _reminder(message: str) -> dict[str, Any] | None:
    found = REMINDER.search(message)
    return {k: int(v) for k, v in found.groupdict().items()} if found else None


def forwards(apps: Any, schema_editor: Any) -> None:
    Notification = apps.get_model("notifications", "Notification")
    Action = apps.get_model("improvements", "ImprovementAction")
    Suggestion = apps.get_model("triage", "TriageSuggestion")
    titles = dict(Action.objects.values_list("id", "title"))
    old = Notification.objects.filter(params__isnull=True, items__isnull=True)
    for n in old.filter(kind__in=["improvement_owner", "improvement_reminder"]).iterator():
        params = _owner(n.message, titles) if n.kind == "improvement_owner" else _reminder(n.message)
        if params is not None:
            Notification.objects.filter(pk=n.pk).update(params=params)
    urgent = old.filter(kind="urgent_complaint", complaint__isnull=False).select_related("complaint")
    for n in urgent.iterator():
        flags = Suggestion.objects.filter(complaint_id=n.complaint_id).values_list("flags", flat=True).first()
        params = {"reference": n.complaint.reference, "flags": list(flags or [])}
        Notification.objects.filter(pk=n.pk).update(params=params)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_handoff_preferences_unread_replies"),
        ("improvements", "0001_initial"),
        ("triage", "0008_complaint_flags_from_suggestion"),
        ("complaints", "0018_merge_search"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
