"""Fact rows made the way the facts service makes them, from a complaint's fields (no complaint needed)."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from redress.analytics import services, sources
from redress.analytics.models import ComplaintFact

ZONES = {"UK": ZoneInfo("Europe/London"), "CN": ZoneInfo("Asia/Shanghai"), "US": ZoneInfo("America/New_York")}
_ids = count(1)


def at(day: str, jurisdiction: str, hour: int = 11) -> datetime:
    """`day` at `hour` o'clock in the jurisdiction's zone."""
    return datetime.combine(datetime.fromisoformat(day).date(), time(hour), tzinfo=ZONES[jurisdiction[:2]])


def make_fact(
    *,
    received: str,
    answered: str | None = None,
    jurisdiction: str = "UK-FCA",
    status: str | None = None,
    outcome: str = "not_upheld",
    redress: tuple[str, str] | None = None,
    due: str | None = None,
    flags: list[str] | None = None,
    **fields: Any,
) -> ComplaintFact:
    """Save the fact of a complaint received on `received` and answered (final response sent) on `answered`."""
    cid = next(_ids)
    row: dict[str, Any] = {
        "id": cid,
        "reference": f"T-{cid:05d}",
        "jurisdiction": jurisdiction,
        "department_id": None,
        "channel": "web",
        "business": "",
        "product": "",
        "reason": "",
        "root_cause": "",
        "language": "en",
        "status": status or ("closed" if answered else "investigating"),
        "outcome": outcome if answered else "",
        "received_at": at(received, jurisdiction),
        "notified_at": at(answered, jurisdiction, 15) if answered else None,
        "closed_at": at(answered, jurisdiction, 16) if answered else None,
        "forwarded_by_regulator": False,
        "previous_handler_id": None,
        "satisfaction": "",
        "repeat": False,
        "updated_at": at(answered or received, jurisdiction, 17),
    }
    row.update(fields)
    batch = sources.Batch(
        complaints=[row],
        redress={cid: (redress[0], Decimal(redress[1]))} if redress else {},
        decision_due={cid: at(due, jurisdiction, 23)} if due else {},
        flags={cid: flags} if flags else {},
    )
    fact = services.fact_of(row, batch)
    assert fact is not None
    services.facts_store([fact])  # with the daily totals, as the service writes
    return fact
