"""`board-mi`: the management pack — volume against the previous period and a year before, timeliness, upheld
rate, redress per currency, ageing of what is open, vulnerable customers' share, top reasons and spikes (the spike
alerts of the period, every series).

All jurisdictions. The previous period has the same length and ends the day before the first day; the year before
is the same days one year earlier (29 February becomes the 28th). Rows are the counted lines, each with its figure
in the three periods; the totals carry the whole pack.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from redress.analytics import extensions
from redress.analytics.models import ComplaintFact, DailyRedress, DailyTotal
from redress.analytics.returns import common
from redress.analytics.returns.columns import Column, Row, money, percent
from redress.analytics.spike_selectors import period_alerts
from redress.codes import selectors as codes
from redress.core.replica import reading_replica

TOP_REASONS = 5
# (key, first day of age, last day of age or None): age in days at the end of the period
AGEING: tuple[tuple[str, int, int | None], ...] = (
    ("0-7", 0, 7),
    ("8-15", 8, 15),
    ("16-30", 16, 30),
    ("31-56", 31, 56),
    ("57+", 57, None),
)
METRICS: dict[str, Promise] = {
    "received": _("Complaints received"),
    "closed": _("Complaints closed"),
    "closed_within_deadline": _("Closed within the regulatory deadline"),
    "upheld": _("Upheld (incl. partly)"),
    "vulnerable": _("Received from vulnerable customers"),
    "open_at_end": _("Open at the end of the period"),
}
COLUMNS = (
    Column("metric", pgettext_lazy("board-mi return", "Metric"), "text"),
    Column("label", pgettext_lazy("board-mi return", "Label"), "text"),
    Column("current", pgettext_lazy("board-mi return", "This period")),
    Column("previous", pgettext_lazy("board-mi return", "Previous period")),
    Column("year_before", pgettext_lazy("board-mi return", "A year before")),
    Column(
        "change_vs_previous_percent", pgettext_lazy("board-mi return", "Change vs previous %"), "percent", nullable=True
    ),
    Column(
        "change_vs_year_before_percent",
        pgettext_lazy("board-mi return", "Change vs a year before %"),
        "percent",
        nullable=True,
    ),
)


def previous_period(start: date, end: date) -> tuple[date, date]:
    length = end - start
    return start - length - timedelta(days=1), start - timedelta(days=1)


def year_before(start: date, end: date) -> tuple[date, date]:
    def back(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return back(start), back(end)


def change(now: int, then: int) -> str | None:
    """The change from `then` to `now` in per cent, one decimal place; None when `then` is 0."""
    if not then:
        return None
    return str((Decimal(now - then) * 100 / Decimal(then)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _measures(start: date, end: date) -> dict[str, Q]:
    """What is counted of a period, each condition including the period's scope (`common.in_scope`)."""
    received = common.received_in(start, end)
    closed = common.closed_in(start, end)
    scope = Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    return {
        "received": scope & received,
        "closed": scope & closed,
        "closed_within_deadline": scope & closed & Q(within_deadline=True),
        "closed_after_deadline": scope & closed & Q(within_deadline=False),
        "closed_within_3_business_days": scope & closed & Q(business_days_to_close__lte=3),
        "upheld": scope & closed & Q(upheld=True),
        "vulnerable": scope & received & Q(vulnerable=True),
        "open_at_end": scope & (Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
    }


# Each count of `_measures` as a sum of the daily totals' column (open_at_end: received less closed, up to the end).
_DAILY = {
    "received": "received",
    "closed": "closed",
    "closed_within_deadline": "closed_within_deadline",
    "closed_after_deadline": "closed_after_deadline",
    "closed_within_3_business_days": "closed_within_3_business_days",
    "upheld": "upheld",
    "vulnerable": "received_vulnerable",
}


def _backwards(facts: QuerySet[ComplaintFact]) -> QuerySet[ComplaintFact]:
    """The facts the daily totals leave out (closed before the day received: a few, on their own index)."""
    return facts.filter(closed_on__lt=F("received_on"))


def _periods(start: date, end: date) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """The counts of the period, the previous one and a year before: sums of the daily totals (one pass over a
    small table), plus the facts they leave out counted as before."""
    periods = ((start, end), previous_period(start, end), year_before(start, end))
    first = min(p[0] for p in periods)
    last = max(p[1] for p in periods)
    facts = common.in_scope(_backwards(common.fresh_facts()), first, last)
    sums: dict[str, Any] = {}
    for n, (a, b) in enumerate(periods):
        days = Q(day__gte=a, day__lte=b)
        sums.update({f"{key}__{n}": Sum(column, filter=days) for key, column in _DAILY.items()})
        sums[f"open_at_end__{n}"] = Sum(F("received") - F("closed"), filter=Q(day__lte=b))
    aggregates = {
        f"{key}__{n}": common.count(condition)
        for n, (a, b) in enumerate(periods)
        for key, condition in _measures(a, b).items()
    }
    with reading_replica():
        daily = DailyTotal.objects.aggregate(**sums)
        found = facts.aggregate(**aggregates)
    now, prev, year = (
        {k: int(daily[f"{k}__{n}"] or 0) + int(found[f"{k}__{n}"] or 0) for k in _measures(start, end)}
        for n in range(3)
    )
    return now, prev, year


def _rows(now: dict[str, int], prev: dict[str, int], year: dict[str, int]) -> Iterator[Row]:
    for key, label in METRICS.items():
        yield {
            "metric": key,
            "label": str(label),
            "current": now[key],
            "previous": prev[key],
            "year_before": year[key],
            "change_vs_previous_percent": change(now[key], prev[key]),
            "change_vs_year_before_percent": change(now[key], year[key]),
        }


def rows(start: date, end: date) -> Iterator[Row]:
    yield from _rows(*_periods(start, end))


def _redress(start: date, end: date) -> list[dict[str, str]]:
    common.fresh_facts()
    days = DailyRedress.objects.filter(day__gte=start, day__lte=end)
    with reading_replica():
        found = list(
            days.values("currency")
            .annotate(n=Sum("facts"), cents=Sum("paid_cents"))
            .filter(n__gt=0)
            .order_by("currency")
        )
    return [{"currency": r["currency"], "paid": money(Decimal(r["cents"]).scaleb(-2))} for r in found]


def _ageing(end: date) -> list[dict[str, Any]]:
    open_at_end = Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    bands = {}
    for key, first, last in AGEING:
        band = Q(received_on__lte=end - timedelta(days=first))
        if last is not None:
            band &= Q(received_on__gte=end - timedelta(days=last))
        bands[key] = common.count(band)
    with reading_replica():
        found = common.fresh_facts().filter(open_at_end).aggregate(**bands)
    return [{"band": key, "open": int(found[key] or 0)} for key, _first, _last in AGEING]


def _top_reasons(start: date, end: date) -> list[dict[str, Any]]:
    received: dict[str, int] = {}
    days = DailyTotal.objects.filter(day__gte=start, day__lte=end).exclude(reason="")  # none given yet
    backwards = _backwards(common.fresh_facts()).filter(common.received_in(start, end)).exclude(reason="")
    with reading_replica():
        for reason, n in [
            *days.values_list("reason").annotate(n=Sum("received")).order_by(),
            *backwards.values_list("reason").annotate(n=common.count(Q())).order_by(),
        ]:
            received[reason] = received.get(reason, 0) + int(n or 0)
    found = sorted(((n, r) for r, n in received.items() if n > 0), key=lambda nr: (-nr[0], nr[1]))[:TOP_REASONS]
    return [{"reason": r, "label": codes.label("reason", r), "received": n} for n, r in found]


def _spikes(start: date, end: date) -> list[dict[str, Any]]:
    """The spike alerts of the period, oldest first, with the series in words (`label`)."""
    return [
        {
            "date": a["day"],
            "dimension": a["dimension"],
            "key": a["key"],
            "label": a["series_label"],
            "count": a["count"],
            "expected": a["expected"],
            "level": a["level"],
            "level_label": a["level_label"],
        }
        for a in period_alerts(start, end)
    ]


def totals(start: date, end: date, figures: list[Row] | None = None) -> dict[str, Any]:
    now, prev, year = _periods(start, end)  # a few small sums: the rows' figures are not reused
    return {
        "volume": {
            "received": now["received"],
            "previous": prev["received"],
            "year_before": year["received"],
            "change_vs_previous_percent": change(now["received"], prev["received"]),
            "change_vs_year_before_percent": change(now["received"], year["received"]),
        },
        "timeliness": {
            "closed": now["closed"],
            "within_3_business_days": now["closed_within_3_business_days"],
            "within_deadline": now["closed_within_deadline"],
            "after_deadline": now["closed_after_deadline"],
            "within_deadline_percent": percent(now["closed_within_deadline"], now["closed"]),
        },
        "upheld": {
            "closed": now["closed"],
            "upheld": now["upheld"],
            "upheld_percent": percent(now["upheld"], now["closed"]),
        },
        "redress": _redress(start, end),
        "ageing": _ageing(end),
        "vulnerable": {
            "received": now["received"],
            "vulnerable": now["vulnerable"],
            "share_percent": percent(now["vulnerable"], now["received"]),
        },
        "top_reasons": _top_reasons(start, end),
        "spikes": _spikes(start, end),
        # What the apps above add (improvements: the actions done in the period, with their effect).
        "sections": extensions.sections(start, end),
    }
