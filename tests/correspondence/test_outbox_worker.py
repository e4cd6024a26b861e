"""The outbox delivered by a real Celery worker through a real broker (RabbitMQ in CI)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.db import connection

import redress.correspondence.tasks  # noqa: F401 - registers the task, whichever test runs first
from redress.accounts.personas import ensure_personas
from redress.complaints.lifecycle import act, register, walk
from redress.config.celery import app as celery_app
from redress.correspondence.models import Letter, OutboxMessage

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "")

pytestmark = [
    pytest.mark.broker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not BROKER, reason="set CELERY_TEST_BROKER_URL (e.g. amqp://guest:guest@127.0.0.1:5672//)"),
    # The worker runs in a thread on its own connection: an in-memory SQLite test database
    # cannot be shared that way, a server database can (as in any deployment with a broker).
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database the worker can share"),
]


@pytest.fixture
def worker(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from celery.contrib.testing.worker import start_worker

    from redress.correspondence import tasks

    # Saved before the settings change: the app reads its conf from them lazily, on first use, so
    # reading it after would "restore" the worker's broker and leave later tests publishing to it.
    keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: celery_app.conf[key] for key in keys}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = BROKER
    monkeypatch.setattr(tasks, "_kicked_at", -tasks.KICK_SECONDS)  # a process that has not kicked yet
    _drop_connections()
    celery_app.conf.update(broker_url=BROKER, task_always_eager=False, task_default_queue="redress-test")
    try:
        # Bounded, generous stop: on a loaded machine a coalesced kick's run (a second after the last letter)
        # may still be finishing when the test ends; 10 s was not always enough in CI.
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=60) as running:
            yield
            _stop_now(running)
    finally:
        _drop_connections()
        celery_app.conf.update(saved)


def _stop_now(running: Any) -> None:
    """Ask the worker's event loop to end and wake it: left alone, it notices only at its next timer
    tick, up to 10 s later (the "10 s to stop" every broker test used to pay)."""
    from celery.worker import state

    state.should_terminate = 0
    if running.hub is not None:
        running.hub.call_soon(lambda: None)


def _drop_connections() -> None:
    """Forget the producer pool: it stays bound to whichever broker it first connected to."""
    celery_app.close()
    celery_app.amqp._producer_pool = None


def wait_for(condition: Any, *, seconds: float = 30) -> bool:
    """Poll until the worker has done its part (bounded; the test asserts the outcome, not the time)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _outbox() -> str:
    """What an assertion shows if the worker did not deliver: each message, and the last kick."""
    from redress.correspondence import tasks

    rows = OutboxMessage.objects.order_by("id").values_list(
        "id", "status", "attempts", "created_at", "next_attempt_at", "claimed_at", "last_error"
    )
    return f"outbox {list(rows)}; last kick {time.monotonic() - tasks._kicked_at:.1f} s ago"


def test_a_committed_final_letter_is_sent_by_the_worker_once(worker: None) -> None:
    people = ensure_personas()
    complaint = walk(register(by=people["intake"]), "resolution_approved", people)
    act(complaint, "notify_customer", by=people["handler"], payload={"channel": "email"})
    letter = Letter.objects.get(complaint=complaint, kind="final_decision")
    assert wait_for(lambda: not OutboxMessage.objects.exclude(status="sent").exists()), _outbox()
    assert Letter.objects.get(pk=letter.pk).status == "sent"
    assert OutboxMessage.objects.get(letter=letter).attempts == 1
    # Every message queued (the acknowledgement and the final decision, the tracking code, the staff's
    # hand-off notices): each sent once.
    sent = sorted(m.subject for m in mail.outbox)
    assert sent == sorted(OutboxMessage.objects.values_list("subject", flat=True))
    letters = OutboxMessage.objects.filter(letter__complaint=complaint).values_list("subject", flat=True)
    assert len(letters) == 2 and set(letters) <= set(sent)


def test_letters_committed_close_together_are_all_sent_by_one_coalesced_kick(worker: None) -> None:
    people = ensure_personas()
    made = [register(by=people["intake"]) for _ in range(3)]  # within a second: one kick, a run a second later
    assert wait_for(lambda: not OutboxMessage.objects.exclude(status="sent").exists()), _outbox()
    acknowledgements = Letter.objects.filter(complaint__in=made, kind="acknowledgement")
    assert acknowledgements.count() == 3 and all(letter.status == "sent" for letter in acknowledgements)
    # Each message once: the three acknowledgements and the three e-mails of the tracking codes.
    assert len(mail.outbox) == OutboxMessage.objects.count() == 6
