"""The facts a return counts: refreshed first, then read (on the read replica when there is one)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from redress.analytics.models import ComplaintFact
from redress.analytics.services import facts_refresh
from redress.codes import selectors as codes


def fresh_facts() -> QuerySet[ComplaintFact]:
    """Every fact, brought up to date first (a return never misses the complaint closed a minute ago)."""
    facts_refresh()
    return ComplaintFact.objects.all()


def in_scope(qs: QuerySet[ComplaintFact], start: date, end: date) -> QuerySet[ComplaintFact]:
    """The complaints a period's return can count: received by its end, not closed before its start."""
    return qs.filter(received_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))


def jurisdictions(qs: QuerySet[ComplaintFact], prefix: str) -> QuerySet[ComplaintFact]:
    return qs.filter(jurisdiction__startswith=prefix)


def received_in(start: date, end: date) -> Q:
    return Q(received_on__gte=start, received_on__lte=end)


def closed_in(start: date, end: date) -> Q:
    return Q(closed_on__gte=start, closed_on__lte=end)


def count(condition: Q) -> Count:
    return Count("pk", filter=condition)


def paid(condition: Q) -> Sum:
    return Sum("redress_paid", filter=condition)


def cause_group(root_cause: str, reason: str) -> str:
    """The FCA cause group of a complaint: its root cause's, else its reason's ("" when neither maps)."""
    for kind, code in (("root_cause", root_cause), ("reason", reason)):
        found = codes.entry(kind, code) if code else None
        if found and found.extra.get("fca_cause"):
            return found.extra["fca_cause"]
    return ""


def most_frequent(counts: Iterable[tuple[str, int]]) -> str:
    """The most frequent name; a tie goes to the name first in alphabetical order; "" for none."""
    totals: dict[str, int] = {}
    for name, n in counts:
        if name:
            totals[name] = totals.get(name, 0) + n
    if not totals:
        return ""
    return min(totals, key=lambda name: (-totals[name], name))
