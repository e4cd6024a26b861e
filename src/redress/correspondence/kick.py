"""Whether a commit that queues a letter asks the Celery worker to deliver it now (`tasks.outbox_kick`).

Without Celery: the web processes import `tasks` (and Celery's client with it) only when a kick publishes,
which the embedded broker never does (bench/README.md, "Web worker memory"); the gunicorn master then loads
them before it forks (config/gunicorn.py), so that the workers share them.
"""

from __future__ import annotations

from django.conf import settings


def kick_publishes() -> bool:
    """False with the embedded broker: an SQLite file whose write lock web workers would queue on; there the
    scheduler's periodic delivery run picks the letters up instead."""
    return settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL.startswith("sqla+")


def outbox_kick() -> None:
    """After a commit: ask the worker to deliver what was just committed, where a kick publishes."""
    if not kick_publishes():
        return
    from redress.correspondence.tasks import outbox_kick as publish

    publish()
