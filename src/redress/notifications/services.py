"""Writes of notifications: tell the managers of a complaint's department, mark a person's notices read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from redress.accounts.selectors import managers_by_department, managers_for
from redress.notifications.models import Notification

if TYPE_CHECKING:
    from redress.accounts.models import User
    from redress.complaints.models import Complaint


def notifications_mark_read(*, user: User) -> int:
    """Mark all of this person's unread notifications read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def managers_notify(*, complaint: Complaint, kind: str, message: str) -> list[Any]:
    """An in-app notice to the active managers of the complaint's department (all managers when it has none
    or none is active there). Returns the managers told, for callers that also email them."""
    told = managers_for(managers_by_department(), complaint.department_id)
    Notification.objects.bulk_create(
        [Notification(user=m, complaint=complaint, kind=kind, message=message[:500]) for m in told]
    )
    return told


def staff_notify(*, users: list[User], kind: str, message: str) -> int:
    """An in-app notice, about no one complaint, to each of `users` (e.g. a spike alert). Returns how many."""
    Notification.objects.bulk_create([Notification(user=u, kind=kind, message=message[:500]) for u in users])
    return len(users)
