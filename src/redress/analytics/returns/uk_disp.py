"""`uk-disp`: the FCA half-yearly complaints return (DISP 1 Annex 1R), one row per FCA product group and product.

Counting rules (the README's "Regulator returns" section says the same):
- UK jurisdictions only (policy codes starting "UK-"); a complaint counts once however often it was reopened.
- outstanding_at_start: received before the first day, not closed before it.
- opened: received in the period; closed: its final response or summary resolution sent in the period.
- closed within 3 business days: closed by the end of the 3rd UK business day after the day of receipt;
  after that but within 8 weeks (56 calendar days from receipt); after 8 weeks.
- upheld (upheld or partly upheld), redress paid and the main cause: of the complaints closed in the period.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from redress.analytics.returns import common
from redress.analytics.returns.columns import Column, Row, money, percent
from redress.codes import selectors as codes
from redress.core.replica import reading_replica

EIGHT_WEEKS = 56  # calendar days from receipt
SUMMARY_DAYS = 3  # business days after the day of receipt

COLUMNS = (
    Column("product_group", pgettext_lazy("uk-disp return", "Product group"), "text"),
    Column("product", pgettext_lazy("uk-disp return", "Product"), "text"),
    Column("outstanding_at_start", pgettext_lazy("uk-disp return", "Outstanding at start")),
    Column("opened", pgettext_lazy("uk-disp return", "Opened")),
    Column("closed", pgettext_lazy("uk-disp return", "Closed")),
    Column("closed_within_3_business_days", pgettext_lazy("uk-disp return", "Closed within 3 business days")),
    Column(
        "closed_after_3_business_days_within_8_weeks",
        pgettext_lazy("uk-disp return", "Closed after 3 business days, within 8 weeks"),
    ),
    Column("closed_after_8_weeks", pgettext_lazy("uk-disp return", "Closed after 8 weeks")),
    Column("upheld", pgettext_lazy("uk-disp return", "Upheld (incl. partly)")),
    Column("upheld_percent", pgettext_lazy("uk-disp return", "Upheld %"), "percent"),
    Column("redress_paid", pgettext_lazy("uk-disp return", "Redress paid"), "money"),
    Column("main_cause", pgettext_lazy("uk-disp return", "Main cause"), "text"),
)
_COUNTS = [c.key for c in COLUMNS if c.kind == "int"]


def _business_days() -> Coalesce:
    # a fact without a calendar (no UK policy lacks one) falls back to calendar days
    return Coalesce(F("business_days_to_close"), F("days_to_close"))


def _fca(product: str) -> tuple[str, str]:
    found = codes.entry("product", product) if product else None
    group = found.extra.get("fca_group", "") if found else ""
    name = found.extra.get("fca_product", "") if found else ""
    other = _("Not classified")
    return (group or other, name or other)


def _aggregate(start: date, end: date) -> dict[tuple[str, str], Row]:
    closed = common.closed_in(start, end)
    facts = common.in_scope(common.jurisdictions(common.fresh_facts(), "UK-"), start, end)
    out: dict[tuple[str, str], Row] = {}
    causes: dict[tuple[str, str], list[tuple[str, int]]] = {}
    with reading_replica():
        grouped = (
            facts.annotate(bdays=_business_days())
            .values("product")
            .annotate(
                outstanding_at_start=common.count(Q(received_on__lt=start)),
                opened=common.count(common.received_in(start, end)),
                closed=common.count(closed),
                closed_within_3_business_days=common.count(closed & Q(bdays__lte=SUMMARY_DAYS)),
                closed_after_3_business_days_within_8_weeks=common.count(
                    closed & Q(bdays__gt=SUMMARY_DAYS, days_to_close__lte=EIGHT_WEEKS)
                ),
                closed_after_8_weeks=common.count(closed & Q(bdays__gt=SUMMARY_DAYS, days_to_close__gt=EIGHT_WEEKS)),
                upheld=common.count(closed & Q(upheld=True)),
                redress=common.paid(closed),
            )
            .order_by("product")
        )
        for g in grouped:
            key = _fca(g["product"])
            row = out.setdefault(key, {"redress": 0, **dict.fromkeys(_COUNTS, 0)})
            for name in _COUNTS:
                row[name] += g[name]
            row["redress"] += g["redress"] or 0
        cause_rows = (
            facts.filter(closed).values("product", "root_cause", "reason").annotate(n=common.count(Q())).order_by()
        )
        for c in cause_rows:
            causes.setdefault(_fca(c["product"]), []).append((common.cause_group(c["root_cause"], c["reason"]), c["n"]))
    for key, row in out.items():
        row["main_cause"] = common.most_frequent(causes.get(key, []))
    return out


def _row(key: tuple[str, str], figures: Row) -> Row:
    row: Row = {"product_group": key[0], "product": key[1]}
    row.update({name: figures[name] for name in _COUNTS})
    row["upheld_percent"] = percent(figures["upheld"], figures["closed"])
    row["redress_paid"] = money(figures["redress"])
    row["main_cause"] = figures["main_cause"]
    return {c.key: row[c.key] for c in COLUMNS}


def rows(start: date, end: date) -> Iterator[Row]:
    figures = _aggregate(start, end)
    for key in sorted(figures):
        yield _row(key, figures[key])


def totals(start: date, end: date, figures: list[Row] | None = None) -> dict[str, Any]:
    """The all-products line (`figures`: the rows, when already made)."""
    figures = list(rows(start, end)) if figures is None else figures
    out: dict[str, Any] = {name: sum(r[name] for r in figures) for name in _COUNTS}
    out["upheld_percent"] = percent(out["upheld"], out["closed"])
    out["redress_paid"] = money(sum((Decimal(r["redress_paid"]) for r in figures), Decimal(0)))
    return out
