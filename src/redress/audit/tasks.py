from celery import shared_task

from redress.audit.services import checkpoint_create


@shared_task(name="redress.audit.tasks.audit_checkpoint")
def audit_checkpoint() -> int:
    """Periodic: checkpoint the chain heads; returns how many heads were recorded."""
    checkpoint = checkpoint_create()
    return checkpoint.heads_count if checkpoint else 0
