from celery import shared_task

from redress.audit.services import checkpoint_anchored


@shared_task(name="redress.audit.tasks.audit_checkpoint")
def audit_checkpoint() -> int:
    """Periodic: checkpoint the chain heads (signed, and copied to the anchor file, when set); returns how
    many heads were recorded."""
    checkpoint = checkpoint_anchored()
    return checkpoint.heads_count if checkpoint else 0
