from celery import shared_task
from django.utils import timezone

from redress.improvements.reminders import reminders_send


@shared_task(name="redress.improvements.tasks.improvements_remind")
def improvements_remind() -> int:
    """Daily: remind each owner of their actions due soon and overdue; returns how many owners were told."""
    return reminders_send(day=timezone.localdate())
