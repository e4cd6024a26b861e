from celery import shared_task

from redress.surveys.due import followups_due_notify
from redress.surveys.services import unanswered_close


@shared_task(name="redress.surveys.tasks.surveys_close_unanswered")
def surveys_close_unanswered() -> int:
    return unanswered_close()


@shared_task(name="redress.surveys.tasks.surveys_followups_due")
def surveys_followups_due() -> int:
    return followups_due_notify()
