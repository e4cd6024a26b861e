"""Delivering the outbox: claim a batch, send it over a few SMTP connections, record each result.

Nothing here issues letters or queues work; `tasks.outbox_deliver` runs it in the worker.
"""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from redress.correspondence.models import Letter, LetterStatus, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=10)
# SMTP connections a delivery run uses at once (one per ten messages of the batch, at most this many).
OUTBOX_CONNECTIONS = 4


def outbox_deliver(*, limit: int = 100, batches: int = 1) -> int:
    """Send the due messages, each SMTP connection reused for many (see _send_batch): up to `batches`
    batches of `limit`, the next one only while the last was full. Returns how many were sent."""
    total = 0
    for _batch in range(batches):
        claimed, sent = _deliver_batch(limit)
        total += sent
        if claimed < limit:
            break
    return total


def _deliver_batch(limit: int) -> tuple[int, int]:
    """One batch: (claimed, sent). It is claimed by one conditional UPDATE that stamps a token: a message
    another worker claimed (or sent) in the meantime is not in this batch, so nothing is sent twice."""
    now = timezone.now()
    claimable = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    due = list(OutboxMessage.objects.filter(claimable).order_by("id").values_list("id", flat=True)[:limit])
    if not due:
        return 0, 0
    token = secrets.token_hex(16)
    OutboxMessage.objects.filter(claimable, id__in=due).update(
        status=OutboxStatus.SENDING, claimed_at=timezone.now(), claim_token=token, attempts=F("attempts") + 1
    )
    batch = list(OutboxMessage.objects.filter(id__in=due, status=OutboxStatus.SENDING, claim_token=token))
    sent: list[OutboxMessage] = []
    for message, error in _send_batch(batch):
        if error is None:
            sent.append(message)
        else:
            _failed(message, error)
    if sent:
        done = timezone.now()
        OutboxMessage.objects.filter(id__in=[m.id for m in sent]).update(
            status=OutboxStatus.SENT, sent_at=done, last_error=""
        )
        Letter.objects.filter(id__in=[m.letter_id for m in sent if m.letter_id]).update(
            status=LetterStatus.SENT, sent_at=done
        )
    return len(due), len(sent)


def _send_batch(batch: list[OutboxMessage]) -> list[tuple[OutboxMessage, Exception | None]]:
    """Send over a few SMTP connections at once (each reused for its share of the batch).

    SMTP is a conversation of round trips: while the server answers one connection, another is
    being written. The threads only talk SMTP; the database is written by the caller.
    """
    if not batch:
        return []
    n = max(1, min(OUTBOX_CONNECTIONS, len(batch) // 10 or 1))
    if n == 1:
        return _send_over_one_connection(batch)
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="outbox") as pool:
        shares = list(pool.map(_send_over_one_connection, [batch[i::n] for i in range(n)]))
    return [result for share in shares for result in share]


def _send_over_one_connection(messages: list[OutboxMessage]) -> list[tuple[OutboxMessage, Exception | None]]:
    connection = get_connection()
    results: list[tuple[OutboxMessage, Exception | None]] = []
    try:
        for message in messages:
            try:
                connection.open()  # no-op while open; reopens after a failure closed it
                _email(message, connection).send()
            except Exception as exc:
                results.append((message, exc))
                connection.close()
            else:
                results.append((message, None))
    finally:
        connection.close()
    return results


def _email(message: OutboxMessage, connection: Any) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        connection=connection,
        headers={"Message-ID": message.message_id} if message.message_id else None,
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    return email


def _failed(message: OutboxMessage, exc: Exception) -> None:
    """Try again later with backoff; after MAX_ATTEMPTS give up, and the letter shows "delivery failed"."""
    gave_up = message.attempts >= MAX_ATTEMPTS
    OutboxMessage.objects.filter(id=message.id).update(
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
        next_attempt_at=timezone.now() + timedelta(seconds=30 * 2 ** min(message.attempts, 10)),
        last_error=f"{type(exc).__name__}: {exc}"[:500],
    )
    if gave_up and message.letter_id:
        Letter.objects.filter(id=message.letter_id).update(status=LetterStatus.FAILED)
    log.warning("Outbox message %s not delivered (attempt %s).", message.id, message.attempts)
