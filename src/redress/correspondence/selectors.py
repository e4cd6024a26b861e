"""Reads about letters: which decision letter a complaint gets, a complaint's letters, their delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from redress.audit.models import Event
from redress.correspondence.models import INTERRUPTED, Letter, LetterKind, OutboxMessage, OutboxStatus

if TYPE_CHECKING:
    from redress.complaints.models import Complaint


def decision_letter_kind(complaint: Complaint) -> str:
    """A decision after a review request is a review decision; otherwise the final decision."""
    reviewed = Event.objects.filter(complaint=complaint, kind="request_review").exists()
    return LetterKind.REVIEW_DECISION if reviewed else LetterKind.FINAL_DECISION


def complaint_letters(complaint: Complaint) -> list[Letter]:
    """A complaint's letters, oldest first, with their outbox rows (the email delivery)."""
    return list(complaint.letters.select_related("outbox").order_by("created_at", "id"))


def decision_letter_last(complaint: Complaint) -> Letter | None:
    """The last decision letter issued to the customer (after a review: the review decision), or None."""
    kinds = (LetterKind.FINAL_DECISION, LetterKind.REVIEW_DECISION)
    return complaint.letters.filter(kind__in=kinds).order_by("-created_at", "-id").first()


@dataclass(frozen=True)
class Delivery:
    """What staff see of a letter's email: pending (with the last failed attempt) or failed, and why."""

    status: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    retry_allowed: bool


def _error_shown(error: str) -> str:
    if error == INTERRUPTED:
        return _(
            "The sending was interrupted while the mail server was receiving this letter: it may have reached "
            "the customer. Check before sending it again."
        )
    return error


def letter_delivery(letter: Letter) -> Delivery | None:
    """None for a letter that was not emailed (phone, post): known from its channel, without a query."""
    if letter.channel != "email":
        return None
    try:
        outbox = letter.outbox
    except Letter.outbox.RelatedObjectDoesNotExist:
        return None
    pending = outbox.status in (OutboxStatus.PENDING, OutboxStatus.SENDING)
    return Delivery(
        status=letter.status,
        attempts=outbox.attempts,
        last_error=_error_shown(outbox.last_error),
        next_attempt_at=outbox.next_attempt_at if pending else None,
        retry_allowed=letter.status == "failed",
    )


def outbox_counts() -> dict[str, int]:
    """How many messages wait (pending), are being sent, and have failed, for the metrics (sent ones are not
    counted: they only grow)."""
    waiting = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)
    counts = dict(
        OutboxMessage.objects.filter(status__in=waiting).values_list("status").annotate(n=Count("id")).order_by()
    )
    return {status: int(counts.get(status, 0)) for status in waiting}


@dataclass(frozen=True)
class OutboxBacklog:
    stuck: int  # pending or being sent, written before the cut-off
    failed: int  # given up on (or interrupted) since the failure window began


def outbox_backlog(*, written_before: datetime, failed_since: datetime) -> OutboxBacklog:
    """What the outbox has not delivered in time: messages still waiting that were written before
    `written_before`, and messages that failed since `failed_since` (their last attempt's time)."""
    unsent = Q(status__in=(OutboxStatus.PENDING, OutboxStatus.SENDING), created_at__lt=written_before)
    failed = Q(status=OutboxStatus.FAILED, next_attempt_at__gte=failed_since)
    counts = OutboxMessage.objects.aggregate(stuck=Count("id", filter=unsent), failed=Count("id", filter=failed))
    return OutboxBacklog(stuck=int(counts["stuck"]), failed=int(counts["failed"]))
