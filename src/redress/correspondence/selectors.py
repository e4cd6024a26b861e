"""Reads about letters: which decision letter a complaint gets, whether a summary resolution is open, delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from redress.correspondence.models import Letter, LetterKind, OutboxStatus

if TYPE_CHECKING:
    from redress.complaints.models import Complaint

# DISP 1.5: a complaint resolved by the close of the third business day after receipt.
SUMMARY_RESOLUTION_DAYS = 3
SUMMARY_STATUSES = frozenset({"received", "triaged", "assigned", "investigating"})


def decision_letter_kind(complaint: Complaint) -> str:
    """A decision after a review request is a review decision; otherwise the final decision."""
    from redress.audit.models import Event

    reviewed = Event.objects.filter(complaint=complaint, kind="request_review").exists()
    return LetterKind.REVIEW_DECISION if reviewed else LetterKind.FINAL_DECISION


def summary_window_open(complaint: Complaint, now: datetime | None = None) -> bool:
    """UK complaints until the end of the third business day after receipt (the policy's summary clock).

    No query: the policies are cached per process. A UK policy without a summary clock of its own
    (payment services) counts the same three business days on its calendar.
    """
    if not complaint.jurisdiction.startswith("UK-") or complaint.status not in SUMMARY_STATUSES:
        return False
    from redress.deadlines import calendar
    from redress.deadlines.services import calendar_for, policies

    found = policies().get(complaint.jurisdiction)
    if found is None:
        return False
    policy, rules = found
    rule = next((r for r in rules if r.kind == "summary_resolution"), None)
    if rule is None:
        length = calendar.Length(SUMMARY_RESOLUTION_DAYS, "business_days")
    else:
        length = calendar.Length(rule.amount, rule.unit)  # type: ignore[arg-type]
    due = calendar.due_at(complaint.received_at, length, calendar_for(policy))
    return (now or timezone.now()) <= due


def complaint_letters(complaint: Complaint) -> list[Letter]:
    """A complaint's letters, oldest first, with their outbox rows (the email delivery)."""
    return list(complaint.letters.select_related("outbox").order_by("created_at", "id"))


@dataclass(frozen=True)
class Delivery:
    """What staff see of a letter's email: pending (with the last failed attempt) or failed, and why."""

    status: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    retry_allowed: bool


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
        last_error=outbox.last_error,
        next_attempt_at=outbox.next_attempt_at if pending else None,
        retry_allowed=letter.status == "failed",
    )
