"""Follow-up visits falling due: their agent hears of each once (a hand-off notification and/or an e-mail, as
they chose), the day it is due; a visit nobody is assigned goes to the managers of its department."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from redress.notifications.services import complaint_managers, handoff_notify
from redress.surveys.models import FollowUpTask, TaskStatus


def followups_due_notify(*, today: date | None = None, limit: int = 1000) -> int:
    """Tell of the open visits due by `today` (the local date) not yet told of; returns how many visits."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(
            FollowUpTask.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=TaskStatus.OPEN, due_on__lte=today, due_notified_at__isnull=True)
            .select_related("complaint", "assignee")
            .order_by("due_on", "id")[:limit]
        )
        for task in due:
            people = [task.assignee] if task.assignee is not None else complaint_managers(task.complaint)
            handoff_notify(
                kind="followup_due", users=people, complaint=task.complaint, params={"due": task.due_on.isoformat()}
            )
        FollowUpTask.objects.filter(pk__in=[t.pk for t in due]).update(due_notified_at=timezone.now())
    return len(due)
