from celery import shared_task

from redress.correspondence import services


@shared_task(name="redress.correspondence.tasks.outbox_deliver")
def outbox_deliver() -> int:
    return services.outbox_deliver()
