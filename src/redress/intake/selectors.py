"""Reads: possible duplicates of a complaint (both directions), for staff; the customer's tracking session."""

from __future__ import annotations

import hmac
from typing import Any

from django.db.models import Q

from redress.audit.models import Event
from redress.complaints.models import Complaint
from redress.intake.models import PossibleDuplicate, TrackingSecret


def possible_duplicates(complaint: Complaint) -> list[dict[str, Any]]:
    """[{reference, status, received_at, score, matched_on}] of complaints this one may duplicate, or that may
    duplicate it. Links only: nothing is merged automatically."""
    rows = (
        PossibleDuplicate.objects.filter(Q(complaint=complaint) | Q(other=complaint))
        .select_related("complaint", "other")
        .order_by("-score", "id")
    )
    found = []
    for row in rows:
        other = row.other if row.complaint_id == complaint.pk else row.complaint
        found.append(
            {
                "reference": other.reference,
                "status": other.status,
                "received_at": other.received_at,
                "score": row.score,
                "matched_on": row.matched_on.split(",") if row.matched_on else [],
            }
        )
    return found


# --- The customer's tracking page ----------------------------------------------------------


def tracked_complaint(*, complaint_id: object, secret_hash: object) -> Complaint | None:
    """The complaint a tracking session was opened for, while its tracking code is still the one it was opened
    with (a new code closes the sessions opened with the old one)."""
    if not isinstance(complaint_id, int) or not isinstance(secret_hash, str):
        return None
    row = TrackingSecret.objects.select_related("complaint").filter(complaint_id=complaint_id).first()
    if row is None or not hmac.compare_digest(row.secret_hash, secret_hash):
        return None
    return row.complaint


def tracking_secret_hash(complaint: Complaint) -> str:
    return TrackingSecret.objects.filter(complaint=complaint).values_list("secret_hash", flat=True).first() or ""


def customer_messages(complaint: Complaint) -> list[dict[str, Any]]:
    """What the customer wrote to us (tracking page and e-mail replies), oldest first."""
    events = Event.objects.filter(complaint=complaint, kind="customer_message").order_by("seq")
    return [
        {
            "at": e.created_at,
            "text": str(e.data.get("text") or ""),
            "attachments": [str(a) for a in e.data.get("attachments") or []],
            "channel": str(e.data.get("channel") or ""),
        }
        for e in events
    ]
