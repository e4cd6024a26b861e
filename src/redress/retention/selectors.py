"""Reads of retention: what the purge would erase, holds, requests, a customer's complaints."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from redress.complaints.choices import OPEN_STATUSES
from redress.complaints.models import Complaint
from redress.retention.models import ErasureRequest, LegalHold

INDEX_FIELD = {"phone": "phone_index", "email": "email_index", "id_number": "id_number_index"}


def purge_candidates(*, today: date, held: bool) -> QuerySet[Complaint]:
    """Ended complaints kept past `retain_until`, not erased yet: those on legal hold (`held`) or the others."""
    return (
        Complaint.objects.exclude(status__in=OPEN_STATUSES)
        .filter(retain_until__lt=today, erasure__isnull=True, legal_hold__isnull=not held)
        .order_by("id")
    )


def customer_complaints(identity_kind: str, index: str) -> QuerySet[Complaint]:
    """Every complaint of the customer with this blind index (never an empty index: erased ones have that)."""
    if not index or identity_kind not in INDEX_FIELD:
        return Complaint.objects.none()
    return Complaint.objects.filter(**{INDEX_FIELD[identity_kind]: index}).order_by("id")


def holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.select_related("complaint", "set_by")


def erasure_requests() -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.select_related("requested_by", "decided_by")


def erasure_request(request_id: int) -> ErasureRequest | None:
    return erasure_requests().filter(pk=request_id).first()


VIEWERS = {"compliance", "manager", "intake_agent", "auditor"}


def may_view(user: object) -> bool:
    return getattr(user, "role", None) in VIEWERS
