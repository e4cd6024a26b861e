"""The volume chart's expected band, kept per day beside the spike alerts.

Fitting the spike model for whatever the reader filters would take seconds a request, so the band is
fitted once a night for two kinds of series only: the whole institution's daily received count and each
jurisdiction's. Per day it keeps what the method expected and the alert threshold: the smallest count that
would have raised an alert, by the rule `spikes.level_for` applies (its p-value and its plain-terms
minimums). The nightly run (`spikes_night`) records a day's alerts and bands;
`spikes_backfill` runs a range of days in order, for an installation that brings its history.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from redress.analytics import spikes
from redress.analytics.models import ExpectedVolume, SpikeAlert
from redress.analytics.services import facts_refresh
from redress.analytics.spike_scan import daily_counts, history_start, spikes_record

_HISTORY = spikes.BASELINE_DAYS + spikes.GUARD_DAYS


def band(counts: Sequence[int], first_day: date, day: date) -> tuple[float, int] | None:
    """(expected count, alert threshold) of `day` in a daily series that starts on `first_day`, from the
    baseline `spikes.scan` uses; None where that baseline is too short."""
    index = (day - first_day).days
    end = index - spikes.GUARD_DAYS
    if not 0 <= index < len(counts) or end < spikes.MIN_HISTORY_DAYS:
        return None
    # One fit, then the tail read at several counts (the fit does not depend on the day's count).
    history = counts[max(0, end - spikes.BASELINE_DAYS) : end]
    mean, variance, df = spikes.predictive(history, day.weekday())

    def alerts(count: int) -> bool:  # the method's own rule, plain-terms minimums included
        return spikes.level_for(count, mean, spikes.upper_tail(count, mean, variance, df)) != spikes.NO_ALERT

    low = max(spikes.MIN_COUNT, math.ceil(mean + spikes.MIN_EXCESS - 1e-9), math.ceil(mean * spikes.MIN_RATIO - 1e-9))
    high = low
    while not alerts(high):
        low, high = high + 1, high * 2 + 1
    while low < high:  # the tail falls as the count rises: the first count that alerts
        middle = (low + high) // 2
        if alerts(middle):
            high = middle
        else:
            low = middle + 1
    return mean, high


def _series(first: date, last: date) -> dict[tuple[str, str], list[int]]:
    series = {(ExpectedVolume.ALL, ""): daily_counts(None, first, last)[""]}
    for key, counts in daily_counts("jurisdiction", first, last).items():
        series[(ExpectedVolume.JURISDICTION, key)] = counts
    return series


def bands_record(first_day: date, last_day: date) -> int:
    """Fit and keep the bands of every day from `first_day` to `last_day`; returns how many were kept."""
    facts_refresh()
    start = min(history_start(first_day - timedelta(days=_HISTORY)), first_day)
    found = []
    for (name, key), counts in sorted(_series(start, last_day).items()):
        day = first_day
        while day <= last_day:
            fitted = band(counts, start, day)
            if fitted is not None:
                expected = Decimal(str(round(fitted[0], 2)))
                found.append(ExpectedVolume(day=day, series=name, key=key, expected=expected, upper=fitted[1]))
            day += timedelta(days=1)
    with transaction.atomic():
        ExpectedVolume.objects.bulk_create(
            found,
            update_conflicts=True,
            unique_fields=["series", "key", "day"],
            update_fields=["expected", "upper"],
            batch_size=500,
        )
    return len(found)


def spikes_night(day: date, *, notify: bool = True) -> list[SpikeAlert]:
    """The nightly run: the alerts of `day` (managers and compliance told of new ones) and its bands."""
    alerts = spikes_record(day, notify=notify)
    bands_record(day, day)
    return alerts


def spikes_backfill(first_day: date, last_day: date) -> list[SpikeAlert]:
    """Every day from `first_day` to `last_day` in order, as the nightly run would have done, without telling
    anyone: a history brought in is read on the dashboard, not announced."""
    alerts: list[SpikeAlert] = []
    day = first_day
    while day <= last_day:
        alerts += spikes_record(day, notify=False)
        day += timedelta(days=1)
    bands_record(first_day, last_day)
    return alerts
