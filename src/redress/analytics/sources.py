"""Reads of the other apps for the facts: one batch of complaints with their plan, clock, flags and history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q

from redress.complaints.choices import PlanStatus
from redress.complaints.models import Complaint, ResolutionPlan
from redress.deadlines.models import Clock, ClockKind
from redress.triage.models import TriageSuggestion

COMPLAINT_FIELDS = (
    "id",
    "reference",
    "jurisdiction",
    "department_id",
    "channel",
    "business",
    "product",
    "reason",
    "root_cause",
    "language",
    "status",
    "outcome",
    "received_at",
    "notified_at",
    "closed_at",
    "forwarded_by_regulator",
    "previous_handler_id",
    "satisfaction",
    "phone_index",
    "email_index",
    "id_number_index",
    "updated_at",
)


@dataclass(frozen=True)
class Batch:
    complaints: list[dict[str, Any]]
    redress: dict[int, tuple[str, Decimal]]  # complaint id -> (currency, total) of the approved plan
    decision_due: dict[int, datetime]  # complaint id -> the decision clock's due time
    flags: dict[int, list[str]]
    earlier: dict[str, list[datetime]]  # blind index -> received times of that customer's complaints


def changed_since(after: tuple[datetime, int] | None, limit: int) -> list[tuple[int, datetime]]:
    """(id, updated_at) of the complaints changed after the keyset `after`, oldest change first."""
    qs = Complaint.objects.all()
    if after is not None:
        at, pk = after
        qs = qs.filter(Q(updated_at__gt=at) | Q(updated_at=at, id__gt=pk))
    return list(qs.order_by("updated_at", "id").values_list("id", "updated_at")[:limit])


def batch(ids: Sequence[int]) -> Batch:
    rows = list(Complaint.objects.filter(id__in=ids).values(*COMPLAINT_FIELDS))
    plans = (
        ResolutionPlan.objects.filter(complaint_id__in=ids, status=PlanStatus.APPROVED)
        .order_by("complaint_id", "version")
        .values_list("complaint_id", "currency", "total")
    )
    redress = {cid: (currency, total) for cid, currency, total in plans}  # the latest approved version wins
    clocks = Clock.objects.filter(complaint_id__in=ids, kind=ClockKind.DECISION).values_list("complaint_id", "due_at")
    flags = dict(TriageSuggestion.objects.filter(complaint_id__in=ids).values_list("complaint_id", "flags"))
    return Batch(rows, redress, dict(clocks), flags, _earlier(rows))


def _earlier(rows: Iterable[dict[str, Any]]) -> dict[str, list[datetime]]:
    keys = {r[name] for r in rows for name in ("phone_index", "email_index", "id_number_index") if r[name]}
    if not keys:
        return {}
    found: dict[str, list[datetime]] = {}
    query = Q(phone_index__in=keys) | Q(email_index__in=keys) | Q(id_number_index__in=keys)
    for values in Complaint.objects.filter(query).values_list(
        "phone_index", "email_index", "id_number_index", "received_at"
    ):
        for key in values[:3]:
            if key in keys:
                found.setdefault(key, []).append(values[3])
    return found
