"""Reads for staff: possible duplicates of a complaint (both directions)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from redress.complaints.models import Complaint
from redress.intake.models import PossibleDuplicate


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
