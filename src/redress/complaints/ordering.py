"""The queue's orders: a column, its direction, and the keyset that pages through it without OFFSET."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from redress.complaints.models import Complaint


@dataclass(frozen=True)
class Order:
    """A queue order: a column, its direction, and the id in the same direction to break ties (the keyset)."""

    field: str
    descending: bool
    timestamp: bool  # the keyset value is a datetime (ISO in the query string)
    nonnull: bool = False  # rows without a value are not listed in this order (a deadline)


# The `sort` values: "" newest first (by id), and a column with "-" for descending.
ORDERS: dict[str, Order] = {
    "": Order("id", True, False),
    "due": Order("next_due_at", False, True, nonnull=True),
    "-due": Order("next_due_at", True, True, nonnull=True),
    "received": Order("received_at", False, True),
    "-received": Order("received_at", True, True),
    "reference": Order("reference", False, False),
    "-reference": Order("reference", True, False),
    "status": Order("status", False, False),
    "-status": Order("status", True, False),
}
SORTS = tuple(ORDERS)


def order_of(sort: str | None) -> Order:
    return ORDERS.get(sort or "", ORDERS[""])


def ordered(qs: QuerySet[Complaint], sort: str | None) -> QuerySet[Complaint]:
    """`qs` in the order `sort`, ties by id in the same direction (the keyset of `after`)."""
    order = order_of(sort)
    if order.nonnull:
        qs = qs.filter(**{f"{order.field}__isnull": False})
    if order.field == "id":
        return qs.order_by("-id" if order.descending else "id")
    sign = "-" if order.descending else ""
    return qs.order_by(f"{sign}{order.field}", f"{sign}id")


def keyset_value(order: Order, text: str | None) -> Any:
    """The keyset value from its text in a query string; None when it does not read (the first page then)."""
    if not text:
        return None
    if order.timestamp:
        try:
            value = parse_datetime(text)
        except ValueError:
            return None
        return value if value is not None and timezone.is_aware(value) else None
    if order.field == "id":
        return int(text) if text.isdigit() else None
    return text[:64]


def after(qs: QuerySet[Complaint], sort: str | None, value: Any, pk: int) -> QuerySet[Complaint]:
    """The rows after (value, pk) in the order `sort`: a keyset, no OFFSET."""
    order = order_of(sort)
    op = "lt" if order.descending else "gt"
    if order.field == "id":
        return qs.filter(**{f"id__{op}": pk})
    return qs.filter(Q(**{f"{order.field}__{op}": value}) | Q(**{order.field: value, f"id__{op}": pk}))


def keyset_text(order: Order, row: dict[str, Any]) -> str:
    value = row[order.field]
    return value.isoformat() if isinstance(value, datetime) else str(value)
