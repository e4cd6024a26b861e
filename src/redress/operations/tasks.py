"""The worker's heartbeat: a task the scheduler queues every REDRESS_HEARTBEAT_SECONDS, which only a
running worker can carry out, so its last time says that the scheduler, the broker and a worker all work."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.signals import worker_ready

from redress.core.heartbeats import WORKER, heartbeat_record
from redress.deadlines.tasks import deadline_sweep

log = logging.getLogger(__name__)


@shared_task(name="redress.operations.tasks.worker_heartbeat")
def worker_heartbeat() -> None:
    heartbeat_record(name=WORKER)


@worker_ready.connect
def _on_worker_ready(**kwargs: Any) -> None:
    """A worker that starts says so at once, and sweeps the deadlines (those that passed while no worker
    ran are marked now, not at the next scheduled sweep)."""
    try:
        heartbeat_record(name=WORKER)
        deadline_sweep.delay()
    except Exception:  # the scheduled heartbeat and sweep follow anyway
        log.warning("Could not record the worker's start.", exc_info=True)
