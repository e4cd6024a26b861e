"""Delivering the outbox: claim a batch, send it over a few SMTP connections, record each result as it comes.

Nothing here issues letters or queues work; `tasks.outbox_deliver` runs it in the worker.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from redress.correspondence.models import INTERRUPTED, Letter, LetterStatus, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
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
    another worker claimed (or sent) in the meantime is not in this batch, so nothing is sent twice.

    Each message is marked handed over (committed) just before the SMTP server gets it, and sent as soon as
    the server accepts it: if the worker dies mid-batch (`kill -9`), what it never handed over is sent by a
    later run, and the few it was handing over are not sent again by themselves (see `_recover`)."""
    _recover()
    now = timezone.now()
    claimable = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
    due = list(OutboxMessage.objects.filter(claimable).order_by("id").values_list("id", flat=True)[:limit])
    if not due:
        return 0, 0
    token = secrets.token_hex(16)
    OutboxMessage.objects.filter(claimable, id__in=due).update(
        status=OutboxStatus.SENDING,
        claimed_at=timezone.now(),
        claim_token=token,
        handed_over_at=None,
        attempts=F("attempts") + 1,
    )
    batch = list(OutboxMessage.objects.filter(id__in=due, status=OutboxStatus.SENDING, claim_token=token))
    sent = 0

    def handing_over(messages: list[OutboxMessage]) -> None:
        ids = [m.id for m in messages]
        OutboxMessage.objects.filter(id__in=ids, claim_token=token).update(handed_over_at=timezone.now())

    def results(outcomes: list[tuple[OutboxMessage, Exception | None]]) -> None:
        nonlocal sent
        delivered = [m for m, error in outcomes if error is None]
        for message, error in outcomes:
            if error is not None:
                _failed(message, error)
        if not delivered:
            return
        done = timezone.now()
        # By id and token, whatever the status: a claim `_recover` gave up on meanwhile was delivered after all.
        OutboxMessage.objects.filter(id__in=[m.id for m in delivered], claim_token=token).update(
            status=OutboxStatus.SENT, sent_at=done, last_error=""
        )
        Letter.objects.filter(id__in=[m.letter_id for m in delivered if m.letter_id]).update(
            status=LetterStatus.SENT, sent_at=done
        )
        sent += len(delivered)

    _send_batch(batch, handing_over, results)
    return len(due), sent


def _recover() -> None:
    """Claims older than the claim timeout belong to a worker that died. What it never handed to the SMTP
    server is due again; what it was handing over may have reached the customer, so it is not sent again
    unasked: it is marked failed (INTERRUPTED), and staff decide to send it again (the letter's retry)."""
    stale = Q(status=OutboxStatus.SENDING, claimed_at__lt=timezone.now() - claim_timeout())
    OutboxMessage.objects.filter(stale, handed_over_at__isnull=True).update(
        status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), claim_token=""
    )
    interrupted = list(OutboxMessage.objects.filter(stale, handed_over_at__isnull=False).values_list("id", "letter_id"))
    if not interrupted:
        return
    OutboxMessage.objects.filter(stale, id__in=[i for i, _letter in interrupted]).update(
        status=OutboxStatus.FAILED, last_error=INTERRUPTED
    )
    Letter.objects.filter(id__in=[letter for _i, letter in interrupted if letter]).update(status=LetterStatus.FAILED)
    log.warning("Outbox messages %s were being sent when their worker stopped; not sent again.", interrupted)


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.REDRESS_OUTBOX_CLAIM_TIMEOUT_SECONDS)


HandingOver = Callable[[list[OutboxMessage]], None]
Results = Callable[[list[tuple[OutboxMessage, Exception | None]]], None]
# What connection threads tell the recording thread: (message, _Answer) asks to record its hand-over,
# (message, error or None) is its result, (None, None) says the thread has stopped.
Inbox = queue.SimpleQueue[tuple[OutboxMessage | None, Any]]


def _send_batch(batch: list[OutboxMessage], handing_over: HandingOver, results: Results) -> None:
    """Send over a few SMTP connections at once (each reused for its share of the batch).

    SMTP is a conversation of round trips: while the server answers one connection, another is
    being written. The threads only talk SMTP: they ask this thread (which owns the database
    connection and, in tests, its transaction) to record each hand-over and wait until it is
    committed, and report each result as it comes; what they asked meanwhile is recorded in one
    statement (a hand-over is still committed before its message goes).
    """
    if not batch:
        return
    n = max(1, min(OUTBOX_CONNECTIONS, len(batch) // 10 or 1))
    if n == 1:
        _send_over_one_connection(batch, handing_over, results)
        return
    inbox: Inbox = queue.SimpleQueue()

    def ask_handing_over(messages: list[OutboxMessage]) -> None:
        answer = _Answer()
        inbox.put((messages[0], answer))
        answer.done.wait()
        if not answer.recorded:
            raise RuntimeError("The hand-over could not be recorded; the message was not sent.")

    def report(outcomes: list[tuple[OutboxMessage, Exception | None]]) -> None:
        for outcome in outcomes:
            inbox.put(outcome)

    def share(messages: list[OutboxMessage]) -> None:
        try:
            _send_over_one_connection(messages, ask_handing_over, report)
        finally:
            inbox.put((None, None))

    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="outbox") as pool:
        for i in range(n):
            pool.submit(share, batch[i::n])
        failure = _record(inbox, n, handing_over, results)
    if failure is not None:
        raise failure


def _record(
    inbox: queue.SimpleQueue[tuple[OutboxMessage | None, Any]],
    running: int,
    handing_over: HandingOver,
    results: Results,
) -> BaseException | None:
    """Answer the connection threads until all have stopped: each wait, every request waiting at that moment
    in one go. After a database error every hand-over is refused (no thread waits forever); it is returned."""
    failure: BaseException | None = None
    while running:
        pending = [inbox.get()]
        while True:
            try:
                pending.append(inbox.get_nowait())
            except queue.Empty:
                break
        running -= sum(1 for message, _detail in pending if message is None)
        asks = [(m, d) for m, d in pending if isinstance(d, _Answer)]
        outcomes = [(m, d) for m, d in pending if m is not None and not isinstance(d, _Answer)]
        try:
            if failure is None:
                with transaction.atomic():  # one commit for all of them: a commit is what costs
                    if outcomes:
                        results(outcomes)
                    if asks:
                        handing_over([m for m, _answer in asks if m is not None])
                for _m, answer in asks:
                    answer.recorded = True
        except BaseException as exc:  # no thread may wait forever for an answer
            failure = exc
        finally:
            for _m, answer in asks:
                answer.done.set()
    return failure


class _Answer:
    """This thread's answer to a connection thread's request to record a hand-over."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.recorded = False


def _send_over_one_connection(messages: list[OutboxMessage], handing_over: HandingOver, results: Results) -> None:
    connection = get_connection()
    try:
        for message in messages:
            try:
                connection.open()  # no-op while open; reopens after a failure closed it
                email = _email(message, connection)
                handing_over([message])
                email.send()
            except Exception as exc:
                results([(message, exc)])
                connection.close()
            else:
                results([(message, None)])
    finally:
        connection.close()


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
