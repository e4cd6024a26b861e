"""Issuing letters and delivering the outbox."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from redress.correspondence.models import Letter, LetterStatus, OutboxMessage, OutboxStatus

if TYPE_CHECKING:
    from redress.complaints.models import Complaint
    from redress.complaints.workflow import Actor

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=10)


def letter_render(*, complaint: Complaint, kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of a letter in the complaint's language."""
    with translation.override(complaint.language):
        ctx = {"complaint": complaint, "institution": settings.REDRESS_INSTITUTION_NAME, **context}
        subject = render_to_string(f"correspondence/{kind}.subject.txt", ctx).strip()
        body = render_to_string(f"correspondence/{kind}.txt", ctx).strip() + "\n"
    return subject, body


def letter_issue(
    *,
    complaint: Complaint,
    kind: str,
    channel: str | None,
    actor: Actor,
    context: dict[str, Any],
    body: str | None = None,
) -> Letter:
    """Keep the exact letter; queue it by email when that is the channel (or the only way)."""
    subject, rendered = letter_render(complaint=complaint, kind=kind, context=context)
    if channel is None:
        channel = "email" if complaint.customer_email else "letter"
    status = {"email": LetterStatus.QUEUED, "phone": LetterStatus.LOGGED}.get(channel, LetterStatus.TO_POST)
    letter = Letter.objects.create(
        complaint=complaint,
        kind=kind,
        channel=channel,
        language=complaint.language,
        subject=subject,
        body=body or rendered,
        status=status,
        created_by_id=actor.user_id,
    )
    if channel == "email":
        OutboxMessage.objects.create(
            letter=letter, to_address=complaint.customer_email, subject=subject, body=letter.body
        )
        transaction.on_commit(_kick_outbox)
    return letter


def _kick_outbox() -> None:
    """Ask the worker to deliver what was just committed.

    With a real broker (RabbitMQ, Redis) a publish is cheap, so every commit kicks. The embedded
    broker is an SQLite file whose write lock web workers would queue on; there the scheduler's
    delivery run (every 10 s) picks the letters up instead.
    """
    from redress.correspondence.tasks import outbox_deliver

    if settings.CELERY_BROKER_URL.startswith("sqla+") and not settings.CELERY_TASK_ALWAYS_EAGER:
        return
    try:
        outbox_deliver.delay()
    except Exception:  # the periodic run delivers it anyway
        log.warning("Could not queue outbox delivery now; the scheduler will retry.", exc_info=True)


def outbox_deliver(*, limit: int = 100) -> int:
    """Send due messages. A row is claimed by a conditional UPDATE, so two workers never send it twice."""
    now = timezone.now()
    due = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=OutboxStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    ).values_list("id", flat=True)[:limit]
    sent = 0
    for message_id in list(due):
        claimed = OutboxMessage.objects.filter(
            Q(status=OutboxStatus.PENDING) | Q(status=OutboxStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT),
            id=message_id,
        ).update(status=OutboxStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
        if claimed:
            sent += _send_one(OutboxMessage.objects.select_related("letter").get(id=message_id))
    return sent


def _send_one(message: OutboxMessage) -> int:
    try:
        EmailMessage(
            subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to_address]
        ).send()
    except Exception as exc:
        failed = message.attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(id=message.id).update(
            status=OutboxStatus.FAILED if failed else OutboxStatus.PENDING,
            next_attempt_at=timezone.now() + timedelta(seconds=30 * 2 ** min(message.attempts, 10)),
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        if failed and message.letter_id:
            Letter.objects.filter(id=message.letter_id).update(status=LetterStatus.FAILED)
        log.warning("Outbox message %s not delivered (attempt %s).", message.id, message.attempts)
        return 0
    now = timezone.now()
    OutboxMessage.objects.filter(id=message.id).update(status=OutboxStatus.SENT, sent_at=now, last_error="")
    if message.letter_id:
        Letter.objects.filter(id=message.letter_id).update(status=LetterStatus.SENT, sent_at=now)
    return 1


def staff_email_queue(*, to: str, subject: str, body: str) -> OutboxMessage:
    """An email to a member of staff (alerts), delivered through the same outbox."""
    message = OutboxMessage.objects.create(to_address=to, subject=subject, body=body)
    transaction.on_commit(_kick_outbox)
    return message
