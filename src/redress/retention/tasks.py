from celery import shared_task

from redress.retention.services import retention_purge


@shared_task(name="redress.retention.tasks.retention_purge")
def retention_purge_task() -> int:
    """Daily: erase the complaints kept past their retention date; returns how many."""
    return len(retention_purge().erased)
