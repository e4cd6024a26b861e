from celery import shared_task

from redress.correspondence import services

# A run takes batch after batch while they come back full: a coalesced kick covers a second of letters.
BATCHES_PER_RUN = 20


@shared_task(name="redress.correspondence.tasks.outbox_deliver")
def outbox_deliver() -> int:
    return services.outbox_deliver(batches=BATCHES_PER_RUN)
