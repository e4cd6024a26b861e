"""The worker's delivery task (the outbox's e-mails, then the text messages), and the kick that queues it after a
commit."""

from __future__ import annotations

import logging
import time
from importlib import import_module

from celery import shared_task
from django.conf import settings

from redress.correspondence import delivery, sms
from redress.correspondence.kick import kick_publishes

log = logging.getLogger(__name__)

# A run takes batch after batch while they come back full: a coalesced kick covers a second of letters.
BATCHES_PER_RUN = 20


@shared_task(name="redress.correspondence.tasks.outbox_deliver")
def outbox_deliver() -> int:
    """Send what is due: e-mails (see `delivery`), then text messages (see `sms`); how many were sent."""
    return delivery.outbox_deliver(batches=BATCHES_PER_RUN) + sms.sms_deliver_pending()


# A process kicks the worker at most once per KICK_SECONDS, with a run that starts KICK_SECONDS later:
# every letter committed in between is in the database before that run claims its batch, so none waits
# for the periodic run, and a busy intake desk publishes one message a second instead of one per letter.
KICK_SECONDS = 1.0
_kicked_at = -KICK_SECONDS


def outbox_kick() -> None:
    """Ask the worker to deliver what was just committed (coalesced: see KICK_SECONDS); not with the embedded
    broker (`kick.kick_publishes`)."""
    global _kicked_at
    if not kick_publishes():
        return
    import_module(settings.REDRESS_CELERY_APP)  # the app it is published with, configured from the settings
    now = time.monotonic()
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    if not eager and now - _kicked_at < KICK_SECONDS:
        return  # the run that kick asked for has not started yet: it takes this letter too
    try:
        outbox_deliver.apply_async(countdown=KICK_SECONDS)
        if not eager:  # an eager run is already over: nothing to come that a next letter could join
            _kicked_at = now
    except Exception:  # the periodic run delivers it anyway
        log.warning("Could not queue outbox delivery now; the scheduler will retry.", exc_info=True)
