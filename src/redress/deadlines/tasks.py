from celery import shared_task

from redress.deadlines.sweep import sweep


@shared_task(name="redress.deadlines.tasks.deadline_sweep")
def deadline_sweep() -> dict[str, int]:
    result = sweep()
    return {"warned": result.warned, "breached": result.breached}
