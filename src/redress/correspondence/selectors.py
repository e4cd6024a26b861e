"""Reads about letters: which decision letter a complaint gets, a complaint's letters, their delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from redress.audit.models import Event
from redress.correspondence.models import INTERRUPTED, Letter, LetterKind, OutboxStatus

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
