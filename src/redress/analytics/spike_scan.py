"""Spike alerts: each day's count of every series against what its recent past predicts (`spikes.scan`).

Series are the daily received counts per channel, business line, reason, product, department and
jurisdiction, from the facts. A new alert goes to the managers and compliance officers in-app.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from redress.accounts.models import Department, Role, User
from redress.accounts.selectors import departments_by_pk, staff_in_roles
from redress.analytics import spikes
from redress.analytics.models import ComplaintFact, SpikeAlert
from redress.analytics.selectors import label_of
from redress.analytics.services import facts_refresh
from redress.core.recipients import public_link, recipient_language
from redress.correspondence.services import staff_email_queue
from redress.notifications.services import staff_notify

DIMENSIONS: dict[str, str] = {
    "channel": "channel",
    "business": "business",
    "reason": "reason",
    "product": "product",
    "department": "department_id",
    "jurisdiction": "jurisdiction",
}
_HISTORY = spikes.BASELINE_DAYS + spikes.GUARD_DAYS


def daily_counts(field: str | None, first: date, last: date) -> dict[str, list[int]]:
    """{key: [count of each day from first to last]} of the complaints received, per value of `field`
    (a blank value is no series); `field` None: one series of them all, under the key ""."""
    days = (last - first).days + 1
    series: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    received = ComplaintFact.objects.filter(received_on__gte=first, received_on__lte=last)
    if field is None:
        series[""] = [0] * days
        for day, n in received.values_list("received_on").annotate(n=Count("complaint")):
            series[""][(day - first).days] = n
        return dict(series)
    rows = (
        received.exclude(**{f"{field}__isnull": True}).values_list("received_on", field).annotate(n=Count("complaint"))
    )
    for day, key, n in rows:
        if key in ("", None):
            continue
        series[str(key)][(day - first).days] = n
    return dict(series)


def history_start(wanted: date) -> date:
    """`wanted`, or the day of the first complaint counted when that is later: the days before an
    installation's first complaint are not days without complaints, and as zeros they would read as a rise."""
    earliest = ComplaintFact.objects.aggregate(first=Min("received_on"))["first"]
    return max(wanted, earliest) if earliest else wanted


def spikes_detect(day: date) -> list[SpikeAlert]:
    """The alerts of `day` in every series (kept; an alert found again is updated, not repeated)."""
    facts_refresh()
    first = min(history_start(day - timedelta(days=_HISTORY)), day)
    found: list[SpikeAlert] = []
    for dimension, field in DIMENSIONS.items():
        for key, counts in sorted(daily_counts(field, first, day).items()):
            result = spikes.scan(counts, first, day)
            if result is None or not result.level:
                continue
            found.append(
                SpikeAlert(
                    day=day,
                    dimension=dimension,
                    key=key,
                    count=counts[-1],
                    expected=Decimal(str(round(result.expected, 2))),
                    p_value=result.p_value,
                    level=result.level,
                )
            )
    return found


def spikes_record(day: date, *, notify: bool = True) -> list[SpikeAlert]:
    """Detect and keep the alerts of `day`; tell managers and compliance of the new ones."""
    alerts = spikes_detect(day)
    with transaction.atomic():
        known = set(SpikeAlert.objects.filter(day=day).values_list("dimension", "key"))
        new = [a for a in alerts if (a.dimension, a.key) not in known]
        SpikeAlert.objects.bulk_create(
            alerts,
            update_conflicts=True,
            unique_fields=["day", "dimension", "key"],
            update_fields=["count", "expected", "p_value", "level"],
        )
        if notify and new:
            told = _told()
            staff_notify(users=told, kind="spike_alert", params=spike_params(new))
            _email(told, new)
    return alerts


def _email(told: list[User], alerts: list[SpikeAlert]) -> None:
    """The night's new alerts by e-mail, one message a person in their language (each line a series, its count
    and what was expected, and the dashboard's link), through the outbox (like the deadline digest)."""
    params = [alert_params(a) for a in alerts]
    departments = alert_departments(params)
    for user in told:
        if not user.email:
            continue
        language = recipient_language(user)
        with translation.override(language):
            lines = [f"- {_alert_line(p, language, departments)}" for p in params]
            subject = ngettext(
                "redress: %(count)d complaint spike", "redress: %(count)d complaint spikes", len(alerts)
            ) % {"count": len(alerts)}
            body = "\n".join([*lines, "", public_link(reverse("analytics:dashboard"))])
        staff_email_queue(to=user.email, subject=subject, body=body + "\n")


def _told() -> list[User]:
    return staff_in_roles([Role.MANAGER, Role.COMPLIANCE])


def alert_departments(alerts: Iterable[Mapping[str, Any]]) -> dict[str, Department]:
    """The departments these alerts (`alert_params` or `alert_json` shaped) name, by key: one query."""
    keys = {str(a["key"]) for a in alerts if a["dimension"] == "department" and str(a["key"]).isdigit()}
    return {str(pk): d for pk, d in departments_by_pk(int(k) for k in keys).items()}


def series_label(dimension: str, key: str, language: str, departments: Mapping[str, Department]) -> str:
    """A series' key in words in `language`: a code's label, a department's name (from `departments`, as
    `alert_departments` reads them; never a code)."""
    if dimension == "department":
        department = departments.get(key)
        return department.label(language) if department is not None else key
    with translation.override(language):
        return label_of(dimension, key)


# The alerts a notification names; the dashboard lists them all.
NOTIFIED_ALERTS = 5


def alert_params(alert: SpikeAlert) -> dict[str, Any]:
    return {
        "day": alert.day.isoformat(),
        "dimension": alert.dimension,
        "key": alert.key,
        "count": alert.count,
        "expected": str(alert.expected),
    }


def spike_params(alerts: list[SpikeAlert]) -> dict[str, Any]:
    """What a spike notification keeps: the first alerts and how many more (its words: `spike_message`)."""
    return {
        "alerts": [alert_params(a) for a in alerts[:NOTIFIED_ALERTS]],
        "more": max(len(alerts) - NOTIFIED_ALERTS, 0),
    }


def _alert_line(alert: Mapping[str, Any], language: str, departments: Mapping[str, Department]) -> str:
    return _("%(series)s on %(day)s: %(count)s (expected %(expected)s)") % {
        "series": series_label(str(alert["dimension"]), str(alert["key"]), language, departments),
        "day": alert["day"],
        "count": alert["count"],
        "expected": alert["expected"],
    }


def spike_messages(batch: Sequence[Mapping[str, Any]]) -> list[str]:
    """The words of spike notifications in the active language, the departments they name read at once."""
    language = translation.get_language() or "zh-hans"
    departments = alert_departments(alert for params in batch for alert in params["alerts"])
    return [_spike_message(params, language, departments) for params in batch]


def _spike_message(params: Mapping[str, Any], language: str, departments: Mapping[str, Department]) -> str:
    parts = [_alert_line(alert, language, departments) for alert in params["alerts"]]
    more = int(params.get("more") or 0)
    if more:
        parts.append(ngettext("%(count)d more", "%(count)d more", more) % {"count": more})
    return _("Complaint spike: %(alerts)s") % {"alerts": _("; ").join(parts)}


def alert_json(alert: SpikeAlert) -> dict[str, Any]:
    return {
        "date": alert.day.isoformat(),
        "dimension": alert.dimension,
        "key": alert.key,
        "count": alert.count,
        "expected": float(alert.expected),
        "level": alert.level,
    }
