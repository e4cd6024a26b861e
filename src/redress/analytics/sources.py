"""Reads of the other apps for the facts: one batch of complaints with their plan, clock, flags and history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connections, transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When

from redress.complaints.choices import PlanStatus
from redress.complaints.models import Complaint, ResolutionPlan
from redress.deadlines.models import Clock, ClockKind
from redress.triage.models import TriageSuggestion

REPEAT_WINDOW = timedelta(days=365)
BLIND_INDEXES = ("phone_index", "email_index", "id_number_index")
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
    earlier: dict[str, list[datetime]]  # blind index -> received times (rows without `repeat` only)


def changed_since(after: tuple[datetime, int] | None, limit: int) -> list[tuple[int, datetime]]:
    """(id, updated_at) of the complaints changed after the keyset `after`, oldest change first."""
    qs = Complaint.objects.all()
    if after is not None:
        at, pk = after
        qs = qs.filter(Q(updated_at__gt=at) | Q(updated_at=at, id__gt=pk))
    return list(qs.order_by("updated_at", "id").values_list("id", "updated_at")[:limit])


def _earlier_exists(key: str) -> Case:
    """Whether the same customer (this blind index; a blank one is no one) had a complaint in the year before.
    The CASE keeps a blank key from probing the index at all (every complaint without an email shares it)."""
    others = Complaint.objects.filter(
        **{key: OuterRef(key)},
        received_at__gte=OuterRef("received_at") - REPEAT_WINDOW,
        received_at__lt=OuterRef("received_at"),
    )
    return Case(When(~Q(**{key: ""}), then=Exists(others)), default=Value(False), output_field=BooleanField())


def batch(ids: Sequence[int]) -> Batch:
    """The complaints with what their facts need; each row's `repeat` answered in the database (one index
    probe per blind index, instead of reading every complaint of the batch's customers)."""
    query = (
        Complaint.objects.filter(id__in=ids)
        .annotate(**{f"repeat_{key}": _earlier_exists(key) for key in BLIND_INDEXES})
        .values(*COMPLAINT_FIELDS, *(f"repeat_{key}" for key in BLIND_INDEXES))
    )
    with transaction.atomic(using=query.db):
        if connections[query.db].vendor == "postgresql":
            # The probes' estimated cost makes PostgreSQL compile the query (JIT), which costs more than it runs.
            with connections[query.db].cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        rows = list(query)
    for row in rows:
        row["repeat"] = any(row.pop(f"repeat_{key}") for key in BLIND_INDEXES)
    plans = (
        ResolutionPlan.objects.filter(complaint_id__in=ids, status=PlanStatus.APPROVED)
        .order_by("complaint_id", "version")
        .values_list("complaint_id", "currency", "total")
    )
    redress = {cid: (currency, total) for cid, currency, total in plans}  # the latest approved version wins
    clocks = Clock.objects.filter(complaint_id__in=ids, kind=ClockKind.DECISION).values_list("complaint_id", "due_at")
    flags = dict(TriageSuggestion.objects.filter(complaint_id__in=ids).values_list("complaint_id", "flags"))
    return Batch(rows, redress, dict(clocks), flags, {})
