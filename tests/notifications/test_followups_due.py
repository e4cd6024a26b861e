"""A follow-up visit falling due: its agent is told once (else the department's managers)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.notifications.models import Notification, Preference
from redress.surveys.due import followups_due_notify
from redress.surveys.models import FollowUpTask

pytestmark = pytest.mark.django_db


def closed_dissatisfied(people: dict[str, User]) -> Complaint:
    complaint = walk(register(by=people["intake"]), "customer_notified", people)
    return act(complaint, "record_satisfaction", by=people["handler"], payload={"result": "dissatisfied", "score": 2})


def told(kind: str = "followup_due") -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_the_agent_is_told_once_on_the_day_it_is_due(people: dict[str, User]) -> None:
    complaint = closed_dissatisfied(people)
    task = FollowUpTask.objects.get(complaint=complaint)
    assert followups_due_notify(today=task.due_on - timedelta(days=1)) == 0 and told() == []
    assert followups_due_notify(today=task.due_on) == 1
    assert told() == ["handler"]
    row = Notification.objects.get(kind="followup_due")
    assert row.complaint_id == complaint.pk and row.params == {
        "reference": complaint.reference,
        "due": str(task.due_on),
    }
    assert followups_due_notify(today=task.due_on + timedelta(days=1)) == 0 and told() == ["handler"]  # once


def test_an_unassigned_visit_goes_to_the_managers_and_preferences_hold(people: dict[str, User]) -> None:
    complaint = closed_dissatisfied(people)
    FollowUpTask.objects.filter(complaint=complaint).update(assignee=None, due_on=timezone.localdate())
    Preference.objects.create(user=people["manager"], kind="followup_due", in_app=False, email=False)
    call_command("surveys", "followups-due")
    assert told() == []  # the only manager turned it off
    assert FollowUpTask.objects.get(complaint=complaint).due_notified_at is not None
