"""The dashboard's numbers: one function per chart, each returning exactly what the chart draws.

Every function brings the facts up to date first (a new complaint shows at once), then counts in SQL
(`values().annotate(...)`), on the read replica when there is one. Rows carry each code with its label in
the reader's language.

Who sees what: the dashboard's roles see every complaint, except a manager with a department, who sees
that department's complaints only.

Which day a chart counts by:
- received counts (volume's `received`, business × reason, Pareto, ageing): the day received;
- closed counts (volume's `closed`, the closed part of timeliness, outcomes, satisfaction): the day the
  final response was sent (`closed_on`);
- open counts (timeliness's open part, ageing): complaints open now, received in the period.

Timeliness of an open complaint, on today's date (the server's day): *breached* once the decision deadline's
day has passed; *past 80 %* when at least 80 % of the days from receipt to the deadline's day have gone
(today − received ≥ 0.8 × (due − received)); otherwise *on time*. One without a deadline is on time.
A closed complaint is *within 3 business days* when it closed on the third working day after receipt or
earlier, *after the deadline* when its final response went after the decision deadline, otherwise *within
the deadline* (one without a deadline included).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from django.db.models import Count, Func, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import Department, Role, User
from redress.accounts.presenters import department_label
from redress.analytics.filters import Filters
from redress.analytics.models import ComplaintFact
from redress.analytics.services import facts_refresh
from redress.codes import selectors as codes
from redress.complaints.choices import Channel, Jurisdiction, Outcome, Satisfaction
from redress.complaints.selectors import enquiry_counts
from redress.core.errors import InvalidInput
from redress.core.replica import reading_replica

_TRUNC: Final = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
AGE_BUCKETS: Final = (("0-7", 0, 7), ("8-15", 8, 15), ("16-30", 16, 30), ("31-60", 31, 60), ("61+", 61, None))
TIMELINESS: Final = (
    "closed_within_3_business_days",
    "closed_within_deadline",
    "closed_after_deadline",
    "open_on_time",
    "open_past_80_percent",
    "open_breached",
)
OUTCOMES: Final = (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD)
SATISFACTION: Final = (Satisfaction.SATISFIED, Satisfaction.DISSATISFIED, Satisfaction.NO_RESPONSE)
SATISFACTION_KEYS: Final = (*map(str, SATISFACTION), "not_asked", "review_requested")


# --- Scope, filters and labels ---------------------------------------------------------------


def scoped_facts(user: User) -> QuerySet[ComplaintFact]:
    """The facts this person may count: a manager with a department, that department's only."""
    qs = ComplaintFact.objects.all()
    if user.role == Role.MANAGER and user.department_id is not None:
        qs = qs.filter(department_id=user.department_id)
    return qs


def scope_department(user: User) -> str:
    """The department code a person's charts are limited to ("" for none): the queue a click opens is limited to it
    too, so that it lists what the bar counts."""
    if user.role == Role.MANAGER and user.department_id is not None:
        return str(Department.objects.filter(pk=user.department_id).values_list("code", flat=True).first() or "")
    return ""


def _filtered(user: User, filters: Filters) -> QuerySet[ComplaintFact]:
    qs = scoped_facts(user)
    for name, values in filters.codes:
        if name == "department":
            ids = Department.objects.filter(code__in=values).values_list("id", flat=True)
            qs = qs.filter(department_id__in=list(ids))
        else:
            qs = qs.filter(**{f"{name}__in": values})
    return qs


def _period(qs: QuerySet[ComplaintFact], filters: Filters, field: str) -> QuerySet[ComplaintFact]:
    if filters.start:
        qs = qs.filter(**{f"{field}__gte": filters.start})
    if filters.end:
        qs = qs.filter(**{f"{field}__lte": filters.end})
    return qs


_CODE_TABLES: Final = frozenset({"business", "product", "reason"})


def checked_filters(filters: Filters) -> Filters:
    """The filters with every code checked: a business line, product or reason given as a code or any of its labels
    (any case, as the forms take them) becomes its code; a jurisdiction, channel or department must be a code.
    Anything else is an InvalidInput naming the filter, rather than charts that quietly count nothing."""
    errors: dict[str, list[str]] = {}
    checked: list[tuple[str, tuple[str, ...]]] = []
    for name, values in filters.codes:
        if name in _CODE_TABLES:
            known: frozenset[str] = frozenset()
        elif name == "department":
            known = frozenset(Department.objects.filter(code__in=values).values_list("code", flat=True))
        else:
            known = frozenset(Jurisdiction.values if name == "jurisdiction" else Channel.values)
        found: list[str] = []
        for value in values:
            code = codes.lookup(name, value) if name in _CODE_TABLES else (value if value in known else None)
            if code is None:
                errors.setdefault(name, []).append(_unknown(name, value))
            else:
                found.append(code)
        checked.append((name, tuple(dict.fromkeys(found))))
    if errors:
        raise InvalidInput(errors)
    return replace(filters, codes=tuple(checked))


def _unknown(name: str, value: str) -> str:
    if name in _CODE_TABLES:
        return codes.unknown_message(name, value)
    what = {"jurisdiction": _("jurisdiction"), "channel": _("channel"), "department": _("department")}[name]
    return _("“%(value)s” is not a known %(what)s.") % {"value": value, "what": what}


def label_of(kind: str, code: str) -> str:
    """A code in words, in the reader's language; a blank one is "Not classified"."""
    if not code:
        return _("Not classified")
    if kind in codes.TABLES:
        return codes.label(kind, code)
    choices = {"channel": Channel, "jurisdiction": Jurisdiction, "outcome": Outcome, "satisfaction": Satisfaction}
    if kind in choices:
        return str(dict(choices[kind].choices).get(code, code))
    return code


def _read(function: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    facts_refresh()
    with reading_replica():
        return function()


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


# --- The charts ------------------------------------------------------------------------------


def _buckets(start: date, end: date, interval: str) -> list[date]:
    """Every bucket's first day from `start`'s bucket to `end`'s (so a quiet week shows as 0)."""
    if interval == "week":
        start -= timedelta(days=start.weekday())
    elif interval == "month":
        start = start.replace(day=1)
    days = []
    while start <= end:
        days.append(start)
        if interval == "day":
            start += timedelta(days=1)
        elif interval == "week":
            start += timedelta(days=7)
        else:
            start = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return days


def bucket_of(day: date, interval: str) -> date:
    """The first day of the bucket `day` falls in."""
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def volume(*, user: User, filters: Filters, interval: str = "month") -> list[dict[str, Any]]:
    """Per bucket (its first day): complaints received, and closed, in it."""

    def read() -> list[dict[str, Any]]:
        base = _filtered(user, filters)
        counted: dict[str, dict[date, int]] = {}
        for series, field in (("received", "received_on"), ("closed", "closed_on")):
            qs = _period(base.filter(**{f"{field}__isnull": False}), filters, field)
            # count(*), not count(pk): without other filters the day's index answers alone (index-only scan)
            rows = qs.annotate(bucket=_TRUNC[interval](field)).values("bucket").annotate(n=Count("*"))
            counted[series] = {_as_date(r["bucket"]): r["n"] for r in rows.order_by("bucket")}
        seen = [d for c in counted.values() for d in c]
        if not seen:
            return []
        first = filters.start or min(seen)
        last = filters.end or max(seen)
        return [
            {
                "period": day.isoformat(),
                "received": counted["received"].get(day, 0),
                "closed": counted["closed"].get(day, 0),
            }
            for day in _buckets(first, last, interval)
        ]

    return _read(read)


def enquiries(*, user: User, filters: Filters) -> list[dict[str, Any]]:
    """Messages staff found were not complaints (`convert_to_enquiry`), by channel: counted apart.

    They are in no other chart (the facts leave them out); counted here by the day received, with the same
    scope and filters as the complaints.
    """

    def read() -> list[dict[str, Any]]:
        department = user.department_id if user.role == Role.MANAGER else None
        counted = enquiry_counts(department_id=department, codes=filters.codes, start=filters.start, end=filters.end)
        return [{"channel": ch, "channel_label": label_of("channel", ch), "count": n} for ch, n in counted]

    return _read(read)


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def business_reason(*, user: User, filters: Filters) -> list[dict[str, Any]]:
    """Complaints received, by business line and reason (the stacked bars: one stack per business line)."""

    def read() -> list[dict[str, Any]]:
        qs = _period(_filtered(user, filters), filters, "received_on")
        rows = qs.values("business", "reason").annotate(count=Count("pk")).order_by("business", "reason")
        return [
            {
                "business": r["business"],
                "business_label": label_of("business", r["business"]),
                "reason": r["reason"],
                "reason_label": label_of("reason", r["reason"]),
                "count": r["count"],
            }
            for r in rows
        ]

    return _read(read)


def pareto(*, user: User, filters: Filters) -> list[dict[str, Any]]:
    """Complaints received by reason, the most frequent first, with the cumulative share (per cent)."""

    def read() -> list[dict[str, Any]]:
        qs = _period(_filtered(user, filters), filters, "received_on")
        rows = list(qs.values("reason").annotate(count=Count("pk")).order_by("-count", "reason"))
        total = sum(r["count"] for r in rows)
        running, out = 0, []
        for r in rows:  # one row per reason, never per complaint
            running += r["count"]
            out.append(
                {
                    "reason": r["reason"],
                    "reason_label": label_of("reason", r["reason"]),
                    "count": r["count"],
                    "share": _pct(r["count"], total),
                    "cumulative_share": _pct(running, total),
                }
            )
        return out

    return _read(read)


class _DayNumber(Func):
    """A day as a count of days since 1970-01-01, for the 80 % rule's arithmetic in the database."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(ROUND(julianday(%(expressions)s) - 2440587.5) AS INTEGER)"
        )


def timeliness_q(key: str, today: date) -> Q:
    """The facts of one timeliness class (`TIMELINESS`), by the rules of the module's docstring: the chart counts
    with these, and the queue's `timeliness` filter lists with them."""
    fast = Q(business_days_to_close__lte=3)
    slow = Q(business_days_to_close__isnull=True) | Q(business_days_to_close__gt=3)
    # today − received ≥ 0.8 × (due − received), in whole days: received + 4 × due ≤ 5 × today
    eighty: LessThanOrEqual[Any] = LessThanOrEqual(
        _DayNumber("received_on") + _DayNumber("decision_due_on") * 4, Value(5 * (today - date(1970, 1, 1)).days)
    )
    past_80 = Q(decision_due_on__isnull=False, decision_due_on__gte=today) & Q(eighty)
    classes = {
        "closed_within_3_business_days": Q(is_open=False) & fast,
        "closed_within_deadline": Q(is_open=False) & slow & (Q(within_deadline__isnull=True) | Q(within_deadline=True)),
        "closed_after_deadline": Q(is_open=False, within_deadline=False) & slow,
        "open_on_time": Q(is_open=True)
        & (Q(decision_due_on__isnull=True) | (Q(decision_due_on__gte=today) & ~Q(eighty))),
        "open_past_80_percent": Q(is_open=True) & past_80,
        "open_breached": Q(is_open=True, decision_due_on__lt=today),
    }
    return classes[key]


def timeliness(*, user: User, filters: Filters, today: date | None = None) -> list[dict[str, Any]]:
    """Per jurisdiction: closed within 3 business days / within the deadline / after it; open on time / past
    80 % of their time / breached (the rules in the module's docstring, `timeliness_q`)."""
    today = today or timezone.localdate()

    def read() -> list[dict[str, Any]]:
        base = _filtered(user, filters)
        table: dict[str, dict[str, int]] = {}
        # Closed ones by the day closed, open ones by the day received: one grouped pass each.
        for is_open, field in ((False, "closed_on"), (True, "received_on")):
            keys = [k for k in TIMELINESS if k.startswith("open") == is_open]
            counted = (
                _period(base.filter(is_open=is_open), filters, field)
                .values("jurisdiction")
                .annotate(**{k: Count("pk", filter=timeliness_q(k, today)) for k in keys})
                .order_by("jurisdiction")
            )
            for r in counted:
                row = table.setdefault(r["jurisdiction"], dict.fromkeys(TIMELINESS, 0))
                row.update({k: r[k] for k in keys})
        return [
            {"jurisdiction": code, "jurisdiction_label": label_of("jurisdiction", code), **counts}
            for code, counts in sorted(table.items())
        ]

    return _read(read)


def outcomes(*, user: User, filters: Filters) -> list[dict[str, Any]]:
    """Per business line, of the complaints closed with an outcome: upheld / partly / not upheld (counts and per
    cent of those closed) and the redress paid per currency (decimal strings)."""

    def read() -> list[dict[str, Any]]:
        qs = _period(_filtered(user, filters).filter(is_open=False).exclude(outcome=""), filters, "closed_on")
        # One pass: per business line and redress currency (counted here, summed per line below; the database's
        # order kept), instead of a pass for the counts and another for the money.
        grouped = (
            qs.values("business", "redress_currency")
            .annotate(
                closed=Count("pk"),
                **{str(o): Count("pk", filter=Q(outcome=o)) for o in OUTCOMES},
                paid=Sum("redress_paid"),
            )
            .order_by("business", "redress_currency")
        )
        counts: dict[str, dict[str, Any]] = {}
        paid: dict[str, list[dict[str, str]]] = {}
        for g in grouped:
            line = counts.setdefault(
                g["business"], {"business": g["business"], "closed": 0, **dict.fromkeys(map(str, OUTCOMES), 0)}
            )
            for key in ("closed", *map(str, OUTCOMES)):
                line[key] += g[key]
            if g["redress_currency"]:
                amount = (g["paid"] or Decimal("0")).quantize(Decimal("0.01"))
                paid.setdefault(g["business"], []).append({"currency": g["redress_currency"], "amount": str(amount)})
        rows = []
        for r in counts.values():
            row: dict[str, Any] = {
                "business": r["business"],
                "business_label": label_of("business", r["business"]),
                "closed": r["closed"],
            }
            for o in OUTCOMES:
                row[str(o)] = r[str(o)]
            for o in OUTCOMES:
                row[f"{o}_rate"] = _pct(r[str(o)], r["closed"])
            row["redress_paid"] = paid.get(r["business"], [])
            rows.append(row)
        return rows

    return _read(read)


def ageing(*, user: User, filters: Filters, today: date | None = None) -> list[dict[str, Any]]:
    """Open complaints by days since receipt: 0–7, 8–15, 16–30, 31–60, over 60. Each row gives the bucket's
    received days (`received_from`, `received_to`; None: no bound) for the queue's filter."""
    today = today or timezone.localdate()

    def bounds(low: int, high: int | None) -> tuple[date | None, date]:
        return (today - timedelta(days=high) if high is not None else None, today - timedelta(days=low))

    def read() -> list[dict[str, Any]]:
        qs = _period(_filtered(user, filters).filter(is_open=True), filters, "received_on")
        aggregates = {}
        for key, low, high in AGE_BUCKETS:
            start, end = bounds(low, high)
            q = Q(received_on__lte=end) & (Q(received_on__gte=start) if start else Q())
            aggregates[key] = Count("pk", filter=q)
        counts = qs.aggregate(**aggregates)
        rows = []
        for key, low, high in AGE_BUCKETS:
            start, end = bounds(low, high)
            rows.append(
                {
                    "bucket": key,
                    "bucket_label": _age_label(low, high),
                    "count": counts[key] or 0,
                    "received_from": start.isoformat() if start else None,
                    "received_to": end.isoformat(),
                }
            )
        return rows

    return _read(read)


def _age_label(low: int, high: int | None) -> str:
    if high is None:
        return _("Over %(days)d days") % {"days": low - 1}
    return _("%(low)d–%(high)d days") % {"low": low, "high": high}


def satisfaction_q(key: str) -> Q:
    """The closed facts of one of the satisfaction chart's series (`SATISFACTION_KEYS`): the chart counts with
    these, and the queue's `satisfaction` and `review_requested` filters list with them."""
    if key == "not_asked":
        return Q(is_open=False) & ~Q(satisfaction__in=[str(s) for s in SATISFACTION])
    if key == "review_requested":
        return Q(is_open=False, review_requested=True)
    return Q(is_open=False, satisfaction=key)


def satisfaction(*, user: User, filters: Filters) -> list[dict[str, Any]]:
    """Per month of closing: the customers' answers (satisfied, dissatisfied, no response, not asked yet) and
    the reviews they requested."""

    def read() -> list[dict[str, Any]]:
        qs = _period(_filtered(user, filters).filter(is_open=False), filters, "closed_on")
        rows = (
            qs.annotate(month=TruncMonth("closed_on"))
            .values("month")
            .annotate(
                closed=Count("pk"),
                **{key: Count("pk", filter=satisfaction_q(key)) for key in SATISFACTION_KEYS},
            )
            .order_by("month")
        )
        out = []
        for r in rows:
            answered = sum(r[str(s)] for s in SATISFACTION)
            out.append(
                {
                    "month": _as_date(r["month"]).strftime("%Y-%m"),
                    "closed": r["closed"],
                    **{str(s): r[str(s)] for s in SATISFACTION},
                    "not_asked": r["not_asked"],
                    "review_requested": r["review_requested"],
                    "satisfied_rate": _pct(r[str(Satisfaction.SATISFIED)], answered),
                }
            )
        return out

    return _read(read)


def department_names() -> dict[str, str]:
    """Department codes and names in the reader's language, for the filter form."""
    return {d.code: department_label(d) for d in Department.objects.order_by("code")}


# --- Weekly counts for an improvement's effect ------------------------------------------------


def weekly_received(*, codes: dict[str, list[str]], first: date, weeks: int) -> list[tuple[int, int]]:
    """(complaints received with any of `codes`, all complaints received) in each of `weeks` weeks of seven days
    from `first`: `codes` by kind (business, product, reason). One grouped query by day, folded into weeks."""
    facts_refresh()
    last = first + timedelta(days=7 * weeks - 1)
    matching = Q()
    for kind, values in codes.items():
        if kind in ("business", "product", "reason") and values:
            matching |= Q(**{f"{kind}__in": values})
    counts = [[0, 0] for _ in range(weeks)]
    with reading_replica():
        rows = list(
            ComplaintFact.objects.filter(received_on__gte=first, received_on__lte=last)
            .values_list("received_on")
            # No code: nothing matches (an empty Q would match everything).
            .annotate(m=Count("complaint", filter=matching) if matching else Value(0), n=Count("complaint"))
            .order_by()
        )
    for day, m, n in rows:
        week = (_as_date(day) - first).days // 7
        counts[week][0] += m
        counts[week][1] += n
    return [(m, n) for m, n in counts]
