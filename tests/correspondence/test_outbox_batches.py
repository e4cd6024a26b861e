"""A delivery run takes batch after batch while they come back full, up to its bound."""

from __future__ import annotations

import pytest
from django.core import mail

from redress.correspondence.delivery import outbox_deliver
from redress.correspondence.models import OutboxMessage
from redress.correspondence.services import staff_email_queue


@pytest.mark.django_db
def test_a_run_takes_full_batches_until_one_comes_back_short() -> None:
    for i in range(5):
        staff_email_queue(to=f"staff{i}@bank.example", subject=f"alert {i}", body="…")
    assert outbox_deliver(limit=2) == 2  # one batch by default
    assert outbox_deliver(limit=2, batches=10) == 3  # 2, then 1 (short: the run stops)
    assert outbox_deliver(limit=2, batches=10) == 0
    assert sorted(m.to[0] for m in mail.outbox) == [f"staff{i}@bank.example" for i in range(5)]
    assert not OutboxMessage.objects.exclude(status="sent").exists()


@pytest.mark.django_db
def test_a_run_is_bounded() -> None:
    for i in range(5):
        staff_email_queue(to=f"staff{i}@bank.example", subject=f"alert {i}", body="…")
    assert outbox_deliver(limit=1, batches=3) == 3
    assert OutboxMessage.objects.filter(status="pending").count() == 2


def test_a_kick_is_coalesced_only_into_a_run_still_to_come(settings, monkeypatch) -> None:
    """An eager run is over when its kick returns: the next kick, even within the second, must queue
    a run of its own (else its letter waits for the periodic run, or, with no scheduler, forever)."""
    from redress.correspondence import tasks

    queued: list[dict[str, object]] = []
    monkeypatch.setattr(tasks.outbox_deliver, "apply_async", lambda **options: queued.append(options))
    monkeypatch.setattr(tasks, "_kicked_at", -tasks.KICK_SECONDS)
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    tasks.outbox_kick()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    tasks.outbox_kick()  # a run a second from now …
    tasks.outbox_kick()  # … which takes this letter too: not queued again
    assert queued == [{"countdown": tasks.KICK_SECONDS}] * 2
