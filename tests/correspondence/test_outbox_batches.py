"""A delivery run takes batch after batch while they come back full, up to its bound."""

from __future__ import annotations

import pytest
from django.core import mail

from redress.correspondence.models import OutboxMessage
from redress.correspondence.services import outbox_deliver, staff_email_queue


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
