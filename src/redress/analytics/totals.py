"""The daily totals (`DailyTotal`, `DailyRedress`): kept in step with the facts, in the facts' own transaction.

`facts_write` (services) takes the write lock, reads the old facts of its complaints, writes the new ones and
adds here what changed: every old fact's contribution taken away, every new one's added (upserts that add, so
two refreshes never count a complaint twice; the lock orders them). `rebuild` counts everything again from the
facts: the full refresh ends with it, and the migration that made the tables filled them with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, F, Q, Sum

TOTALS = (
    "received",
    "received_vulnerable",
    "closed",
    "closed_within_3_business_days",
    "closed_within_deadline",
    "closed_after_deadline",
    "upheld",
)
REDRESS = ("facts", "paid_cents")
# What a fact's contribution depends on: the old facts are read with only these.
FACT_FIELDS = (
    "jurisdiction",
    "reason",
    "received_on",
    "closed_on",
    "vulnerable",
    "business_days_to_close",
    "within_deadline",
    "upheld",
    "redress_currency",
    "redress_paid",
)
_LOCK = 0x7265647265  # one constant for every writer of the facts
TotalKey = tuple[date, str, str]  # (day, jurisdiction, reason)
RedressKey = tuple[date, str, str]  # (day, jurisdiction, currency)


def lock() -> None:
    """Serialise the writers of the facts until the transaction ends (SQLite serialises writers anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def counted(fact: Any) -> bool:
    """Whether the daily totals count this fact: all but those closed before the day they were received."""
    return fact.closed_on is None or fact.closed_on >= fact.received_on


class Change:
    """The difference a batch of facts makes to the totals."""

    def __init__(self) -> None:
        self.totals: dict[TotalKey, list[int]] = defaultdict(lambda: [0] * len(TOTALS))
        self.redress: dict[RedressKey, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, facts: Iterable[Any], sign: int) -> Change:
        for f in facts:
            if not counted(f):
                continue
            row = self.totals[(f.received_on, f.jurisdiction, f.reason)]
            row[0] += sign
            row[1] += sign * bool(f.vulnerable)
            if f.closed_on is None:
                continue
            row = self.totals[(f.closed_on, f.jurisdiction, f.reason)]
            row[2] += sign
            row[3] += sign * (f.business_days_to_close is not None and f.business_days_to_close <= 3)
            row[4] += sign * (f.within_deadline is True)
            row[5] += sign * (f.within_deadline is False)
            row[6] += sign * bool(f.upheld)
            if f.redress_paid and f.redress_paid > 0:
                money = self.redress[(f.closed_on, f.jurisdiction, f.redress_currency)]
                money[0] += sign
                money[1] += sign * _cents(f.redress_paid)
        return self


def _upsert(table: str, keys: tuple[str, ...], measures: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in (*keys, *measures))
    one = "(" + ", ".join(["%s"] * (len(keys) + len(measures))) + ")"
    add = ", ".join(f"{q(m)} = {q(table)}.{q(m)} + EXCLUDED.{q(m)}" for m in measures)
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join([one] * len(chunk))
        conflict = ", ".join(q(k) for k in keys)
        sql = f"INSERT INTO {q(table)} ({columns}) VALUES {values} ON CONFLICT ({conflict}) DO UPDATE SET {add}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for row in chunk for v in row])


def apply(change: Change) -> None:
    """Add the change to the tables (inside the facts' transaction, after `lock`)."""
    from redress.analytics.models import DailyRedress, DailyTotal

    totals = [(*key, *row) for key, row in sorted(change.totals.items()) if any(row)]
    redress = [(*key, *row) for key, row in sorted(change.redress.items()) if any(row)]
    _upsert(DailyTotal._meta.db_table, ("day", "jurisdiction", "reason"), TOTALS, totals)
    _upsert(DailyRedress._meta.db_table, ("day", "jurisdiction", "currency"), REDRESS, redress)


def rebuild(fact: type[models.Model], total: type[models.Model], redress: type[models.Model]) -> int:
    """Count the tables again from the facts (the models given: the migration passes its own); returns the rows."""
    with transaction.atomic():
        lock()  # no refresh writes between the counting and the writing
        return _rebuild(fact, total, redress)


def _cents(amount: Any) -> int:
    return int((Decimal(amount) * 100).to_integral_value())


def _rebuild(fact: type[models.Model], total: type[models.Model], redress: type[models.Model]) -> int:
    facts = fact._default_manager.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")))
    rows: dict[TotalKey, list[int]] = defaultdict(lambda: [0] * len(TOTALS))
    received = facts.values_list("received_on", "jurisdiction", "reason").annotate(
        n=Count("pk"), v=Count("pk", filter=Q(vulnerable=True))
    )
    for day, jurisdiction, reason, n, v in received.order_by():
        rows[(day, jurisdiction, reason)][0:2] = [n, v]
    closed = (
        facts.filter(closed_on__isnull=False)
        .values_list("closed_on", "jurisdiction", "reason")
        .annotate(
            n=Count("pk"),
            b3=Count("pk", filter=Q(business_days_to_close__lte=3)),
            wd=Count("pk", filter=Q(within_deadline=True)),
            ad=Count("pk", filter=Q(within_deadline=False)),
            up=Count("pk", filter=Q(upheld=True)),
        )
    )
    for day, jurisdiction, reason, *counts in closed.order_by():
        rows[(day, jurisdiction, reason)][2:7] = counts
    paid = (
        facts.filter(closed_on__isnull=False, redress_paid__gt=0)
        .values_list("closed_on", "jurisdiction", "redress_currency")
        .annotate(n=Count("pk"), paid=Sum("redress_paid"))
    )
    money = [
        redress(day=d, jurisdiction=j, currency=c, facts=n, paid_cents=_cents(p)) for d, j, c, n, p in paid.order_by()
    ]
    total._default_manager.all().delete()
    redress._default_manager.all().delete()
    names = ("day", "jurisdiction", "reason", *TOTALS)
    total._default_manager.bulk_create(
        [total(**dict(zip(names, (*key, *row), strict=True))) for key, row in rows.items()], batch_size=2000
    )
    redress._default_manager.bulk_create(money, batch_size=2000)
    return len(rows) + len(money)
