"""The spike alerts and the expected band as the dashboard, its API and the board pack read them.

Which alerts a reader sees: those of the period whose series lies inside the reader's filters and scope. An
alert is about one series (say channel = web); it is inside the filters when every code filter given is on
its own dimension and lists its key. So with no code filter every alert shows; with `business=loan` the alerts
of the loan business line; with filters on two dimensions none (no series is that narrow). A manager with a
department sees the alerts of that department's series only.

Which band a reader sees (per day only): the whole institution's series when no code filter is given and the
reader sees every complaint; one jurisdiction's when the only code filter is that one jurisdiction. Any other
selection has no band: it would need a fit per request. Per week or month there is no band either: a sum of
daily thresholds is not a threshold, and spikes are days.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from redress.accounts.models import Department, Role, User
from redress.accounts.presenters import department_label
from redress.analytics.filters import Filters
from redress.analytics.models import ExpectedVolume, SpikeAlert
from redress.analytics.selectors import bucket_of, label_of
from redress.core.replica import reading_replica


def _department_scoped(user: User) -> bool:
    return user.role == Role.MANAGER and user.department_id is not None


def _alerts(user: User, filters: Filters) -> QuerySet[SpikeAlert] | None:
    qs = SpikeAlert.objects.all()
    if filters.start:
        qs = qs.filter(day__gte=filters.start)
    if filters.end:
        qs = qs.filter(day__lte=filters.end)
    given = dict(filters.codes)
    if user.role == Role.MANAGER and user.department_id is not None:
        mine = Department.objects.filter(pk=user.department_id).values_list("code", flat=True).first()
        if "department" in given and mine not in given["department"]:
            return None
        given["department"] = (mine or "",)
    if len(given) > 1:
        return None
    if given:
        ((dimension, keys),) = given.items()
        if dimension == "department":
            keys = tuple(str(pk) for pk in Department.objects.filter(code__in=keys).values_list("pk", flat=True))
        qs = qs.filter(dimension=dimension, key__in=keys)
    return qs.order_by("day", "dimension", "key")


def spike_alerts(*, user: User, filters: Filters) -> list[dict[str, Any]]:
    """The alerts of the period inside the reader's filters, oldest first, each named in the reader's language;
    `queue` holds the queue's filter for that series and day (the series' parameter and value, the day)."""
    with reading_replica():
        qs = _alerts(user, filters)
        return _named(list(qs) if qs is not None else [])


def period_alerts(start: date, end: date) -> list[dict[str, Any]]:
    """Every alert from `start` to `end` (the board pack: the whole institution), named as `spike_alerts` does."""
    with reading_replica():
        return _named(list(SpikeAlert.objects.filter(day__gte=start, day__lte=end).order_by("day", "dimension", "key")))


def alerts_by_pk(pks: list[int]) -> dict[int, dict[str, Any]]:
    """Alerts by id, named as `spike_alerts` does (an improvement action's sources)."""
    with reading_replica():
        found = list(SpikeAlert.objects.filter(pk__in=pks))
    return {alert.pk: row for alert, row in zip(found, _named(found), strict=True)}


def _named(found: list[SpikeAlert]) -> list[dict[str, Any]]:
    with reading_replica():
        departments = {
            str(d.pk): d
            for d in Department.objects.filter(pk__in=[a.key for a in found if a.dimension == "department"])
        }
    dimensions = dict(SpikeAlert.Dimension.choices)
    levels = dict(SpikeAlert.Level.choices)
    rows = []
    for alert in found:
        department = departments.get(alert.key) if alert.dimension == "department" else None
        if alert.dimension == "department":
            label = department_label(department) if department else alert.key
            queue_key = department.code if department else alert.key
        else:
            label, queue_key = label_of(alert.dimension, alert.key), alert.key
        rows.append(
            {
                "day": alert.day.isoformat(),
                "dimension": alert.dimension,
                "dimension_label": str(dimensions.get(alert.dimension, alert.dimension)),
                "key": alert.key,
                "label": label,
                "series_label": _("%(dimension)s: %(series)s")
                % {"dimension": dimensions.get(alert.dimension, alert.dimension), "series": label},
                "count": alert.count,
                "expected": float(alert.expected),
                "level": alert.level,
                "level_label": str(levels.get(alert.level, alert.level)),
                "queue": {
                    "parameter": alert.dimension,
                    "value": queue_key,
                    "received_from": alert.day.isoformat(),
                    "received_to": alert.day.isoformat(),
                },
            }
        )
    return rows


def band_series(user: User, filters: Filters) -> tuple[str, str] | None:
    """The (series, key) of ExpectedVolume whose band fits these filters, or None (module docstring)."""
    if _department_scoped(user):
        return None
    if not filters.codes:
        return ExpectedVolume.ALL, ""
    if len(filters.codes) == 1 and filters.codes[0][0] == "jurisdiction" and len(filters.codes[0][1]) == 1:
        return ExpectedVolume.JURISDICTION, filters.codes[0][1][0]
    return None


def expected_band(*, user: User, filters: Filters, first: date, last: date) -> list[dict[str, Any]]:
    """Per day from `first` to `last` that has one: the expected count and the alert threshold (`upper`)."""
    series = band_series(user, filters)
    if series is None:
        return []
    with reading_replica():
        rows = (
            ExpectedVolume.objects.filter(Q(series=series[0], key=series[1]), day__gte=first, day__lte=last)
            .order_by("day")
            .values_list("day", "expected", "upper")
        )
        return [{"period": d.isoformat(), "expected": float(e), "upper": u} for d, e, u in rows]


def volume_head(user: User, filters: Filters, interval: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The band (per day only) over the rows' days, and the alerts of the period, each with its bucket."""
    if not rows:
        return {"interval": interval, "expected": [], "alerts": []}
    first, last = date.fromisoformat(rows[0]["period"]), date.fromisoformat(rows[-1]["period"])
    expected = []
    if interval == "day":
        expected = expected_band(user=user, filters=filters, first=first, last=last)
    alerts = []
    for alert in spike_alerts(user=user, filters=filters):
        period = bucket_of(date.fromisoformat(alert["day"]), interval)
        if first <= period <= last:
            alerts.append({**alert, "period": period.isoformat()})
    return {"interval": interval, "expected": expected, "alerts": alerts}
