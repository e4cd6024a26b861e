"""`cn-stats`: China's complaint statistics by JR/T 0169-2018 channel (A) × business line (B) × reason (C).

Counting rules (also in the README):
- CN jurisdictions only (policy codes starting "CN-").
- received, forwarded_by_regulator, repeat_complaints: received in the period.
- closed, closed_within_15/30/60_days (calendar days from the day received to the day closed), upheld (upheld or
  partly upheld), redress_paid: closed in the period.
- open_at_end: received by the last day and not closed by it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from redress.analytics.returns import common
from redress.analytics.returns.columns import Column, Row, money
from redress.codes import selectors as codes
from redress.core.replica import reading_replica

# Our channels on JR/T 0169-2018 dimension A (电子渠道 is split into its sub-channels).
JRT_CHANNELS: dict[str, Promise] = {
    "web": _("Electronic channel · online banking"),
    "phone": _("Electronic channel · telephone"),
    "email": _("Electronic channel · other"),
    "social": _("Electronic channel · online public platform"),
    "branch": _("Branch premises"),
    "api": _("Third-party channel"),
    "letter": _("Other channel"),
}
DAY_LIMITS = (15, 30, 60)

COLUMNS = (
    Column("channel", pgettext_lazy("cn-stats return", "Channel"), "text"),
    Column("business", pgettext_lazy("cn-stats return", "Business line"), "text"),
    Column("reason", pgettext_lazy("cn-stats return", "Reason"), "text"),
    Column("received", pgettext_lazy("cn-stats return", "Received")),
    Column("closed", pgettext_lazy("cn-stats return", "Closed")),
    Column("closed_within_15_days", pgettext_lazy("cn-stats return", "Closed within 15 days")),
    Column("closed_within_30_days", pgettext_lazy("cn-stats return", "Closed within 30 days")),
    Column("closed_within_60_days", pgettext_lazy("cn-stats return", "Closed within 60 days")),
    Column("open_at_end", pgettext_lazy("cn-stats return", "Open at end")),
    Column("upheld", pgettext_lazy("cn-stats return", "Upheld (incl. partly)")),
    Column("redress_paid", pgettext_lazy("cn-stats return", "Redress paid"), "money"),
    Column("forwarded_by_regulator", pgettext_lazy("cn-stats return", "Forwarded by the regulator")),
    Column("repeat_complaints", pgettext_lazy("cn-stats return", "Repeat complaints")),
)
_COUNTS = [c.key for c in COLUMNS if c.kind == "int"]


def channel_label(channel: str) -> str:
    """The JR/T dimension A name of one of our channels, in the reader's language."""
    found = JRT_CHANNELS.get(channel)
    return str(found) if found is not None else str(_("Other channel"))


def rows(start: date, end: date) -> Iterator[Row]:
    received = common.received_in(start, end)
    closed = common.closed_in(start, end)
    facts = common.in_scope(common.jurisdictions(common.fresh_facts(), "CN-"), start, end)
    within = {f"closed_within_{n}_days": common.count(closed & Q(days_to_close__lte=n)) for n in DAY_LIMITS}
    with reading_replica():
        grouped = list(
            facts.values("channel", "business", "reason")
            .annotate(
                received=common.count(received),
                closed=common.count(closed),
                **within,
                open_at_end=common.count(Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
                upheld=common.count(closed & Q(upheld=True)),
                redress=common.paid(closed),
                forwarded_by_regulator=common.count(received & Q(forwarded_by_regulator=True)),
                repeat_complaints=common.count(received & Q(repeat=True)),
            )
            .order_by("channel", "business", "reason")
        )
    merged: dict[tuple[str, str, str], Row] = {}
    for g in grouped:
        key = (channel_label(g["channel"]), codes.label("business", g["business"]), codes.label("reason", g["reason"]))
        row = merged.setdefault(key, {"redress": Decimal(0), **dict.fromkeys(_COUNTS, 0)})
        for name in _COUNTS:
            row[name] += g[name]
        row["redress"] += g["redress"] or 0
    for (channel, business, reason), figures in sorted(merged.items()):
        out: Row = {"channel": channel, "business": business, "reason": reason}
        out.update({name: figures[name] for name in _COUNTS})
        out["redress_paid"] = money(figures["redress"])
        yield {c.key: out[c.key] for c in COLUMNS}


def totals(start: date, end: date, figures: list[Row] | None = None) -> dict[str, Any]:
    figures = list(rows(start, end)) if figures is None else figures
    out: dict[str, Any] = {name: sum(r[name] for r in figures) for name in _COUNTS}
    out["redress_paid"] = money(sum((Decimal(r["redress_paid"]) for r in figures), Decimal(0)))
    return out
