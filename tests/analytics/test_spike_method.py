"""The statistics of spike alerts (analytics.spikes): what alerts, what stays quiet.

Series are drawn with fixed seeds, so every case is the same on every run.
"""

from __future__ import annotations

import datetime
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redress.analytics import spikes
from redress.analytics.spikes import AMBER, BASELINE_DAYS, GUARD_DAYS, RED, Expectation, assess, level_for, scan

MONDAY = datetime.date(2026, 1, 5)


def _series(means: np.ndarray, seed: int, size: float | None = None) -> list[int]:
    rng = np.random.default_rng(seed)
    rates = means if size is None else rng.gamma(size, means / size)
    return [int(c) for c in rng.poisson(rates)]


def _alerts(counts: list[int], first: int = BASELINE_DAYS + GUARD_DAYS) -> dict[int, str]:
    found = {}
    for i in range(first, len(counts)):
        result = scan(counts, MONDAY, MONDAY + datetime.timedelta(days=i))
        assert result is not None
        if result.level:
            found[i] = result.level
    return found


def _last_day(counts: list[int]) -> Expectation:
    result = scan(counts, MONDAY, MONDAY + datetime.timedelta(days=len(counts) - 1))
    assert result is not None
    return result


@pytest.mark.parametrize(("level", "seed"), [(3.0, 1), (8.0, 2), (40.0, 3), (300.0, 4)])
def test_a_day_at_three_times_the_usual_level_is_found(level: float, seed: int) -> None:
    counts = _series(np.full(40, level), seed)
    counts[-1] = round(3 * level) + 2 * round(math.sqrt(level))  # a clear 3× day, plus noise
    result = _last_day(counts)
    assert result.level in (AMBER, RED)
    assert result.expected == pytest.approx(level, rel=0.5)


def test_a_large_spike_is_red_and_a_moderate_one_amber() -> None:
    counts = _series(np.full(40, 4.0), 5)
    levels = {}
    for observed in range(0, 30):
        levels[observed] = _last_day([*counts[:-1], observed]).level
    order = [levels[o] for o in sorted(levels)]
    assert "" in order and AMBER in order and RED in order
    # never back down as the count grows: quiet, then amber, then red
    ranks = [{"": 0, AMBER: 1, RED: 2}[level] for level in order]
    assert ranks == sorted(ranks)


def test_flat_noisy_series_stay_quiet() -> None:
    days = alerts = 0
    for seed, level, size in [(10, 20.0, 10.0), (11, 200.0, 10.0), (12, 5.0, None), (13, 60.0, 50.0)]:
        counts = _series(np.full(130, level), seed, size)  # size 10: a day's rate varies by ±32 %
        alerts += len(_alerts(counts))
        days += len(counts) - BASELINE_DAYS - GUARD_DAYS
    assert alerts <= 0.02 * days


def test_mondays_at_double_are_not_spikes() -> None:
    means = np.array([60.0 if i % 7 == 0 else 30.0 for i in range(120)])  # day 0 is a Monday
    alerts = _alerts(_series(means, 20))
    assert not [i for i in alerts if i % 7 == 0]
    assert len(alerts) <= 1


def test_weekdays_alike_share_one_level(monkeypatch: pytest.MonkeyPatch) -> None:
    means = np.array([40.0 if i % 7 == 0 else 20.0 for i in range(BASELINE_DAYS + GUARD_DAYS + 6)])  # day 0: Monday
    counts = _series(means, 22)
    assert _last_day(counts).expected == pytest.approx(40.0, rel=0.2)  # the last day, a Monday, keeps its level
    history, wednesday = counts[:BASELINE_DAYS], (BASELINE_DAYS + GUARD_DAYS) % 7  # the day after the guard band
    assert wednesday == 2
    pooled = spikes.predictive(history, wednesday)
    monkeypatch.setattr(spikes, "POOL_WEEKDAYS", False)
    alone = spikes.predictive(history, wednesday)
    assert pooled[0] == pytest.approx(20.0, rel=0.15) and alone[0] == pytest.approx(20.0, rel=0.3)
    assert pooled[1] < alone[1]  # Tuesday to Sunday: one level from six weekdays' days, not one from its own


def test_a_quiet_weekend_is_learned_and_a_busy_sunday_found() -> None:
    means = np.array([0.0 if i % 7 == 6 else 40.0 for i in range(BASELINE_DAYS + 32)])  # closed on Sundays
    counts = _series(means, 21)
    assert not _alerts(counts)
    sunday = BASELINE_DAYS + 27
    assert sunday % 7 == 6
    counts[sunday] = 12  # a Sunday with 12 complaints
    assert _alerts(counts) == {sunday: RED}


def test_a_steady_rise_is_not_a_spike() -> None:
    means = 20.0 * np.exp(0.02 * np.arange(120))  # +2 % a day: ×11 over the series
    alerts = _alerts(_series(means, 30))
    assert len(alerts) <= 1
    result = _last_day(_series(means, 30))
    assert result.expected == pytest.approx(means[-1], rel=0.25)  # the trend is extrapolated


def test_a_single_complaint_among_zeros_is_not_an_alert() -> None:
    first = BASELINE_DAYS + GUARD_DAYS
    counts = [0] * (first + 15)
    counts[first + 5] = 1
    assert _alerts(counts) == {}
    two = [0] * (first + 5) + [2] + [0] * 9
    assert _alerts(two) == {}


def test_three_after_weeks_of_nothing_are_an_alert() -> None:
    counts = [0] * 40 + [3]
    result = _last_day(counts)
    assert result.expected < 0.05
    assert result.level == RED


def test_an_earlier_spike_does_not_hide_the_next() -> None:
    first = BASELINE_DAYS + GUARD_DAYS
    counts = _series(np.full(first + 15, 20.0), 40)
    counts[first] = 70  # the first spike, inside the next one's baseline
    counts[first + 14] = 60
    alerts = _alerts(counts)
    assert first in alerts and first + 14 in alerts
    assert _last_day(counts).expected == pytest.approx(20.0, rel=0.25)


def test_the_same_counts_give_the_same_answer() -> None:
    counts = _series(np.full(40, 12.0), 50, size=10.0)
    assert _last_day(counts) == _last_day(list(counts))


def test_too_little_history_gives_no_answer() -> None:
    counts = [5] * 40
    assert scan(counts, MONDAY, MONDAY + datetime.timedelta(days=spikes.MIN_HISTORY_DAYS + GUARD_DAYS - 1)) is None
    assert scan(counts, MONDAY, MONDAY + datetime.timedelta(days=spikes.MIN_HISTORY_DAYS + GUARD_DAYS)) is not None
    with pytest.raises(ValueError, match="at least"):
        assess([5] * (spikes.MIN_HISTORY_DAYS - 1), 9, 0)
    with pytest.raises(ValueError, match="not in the series"):
        scan(counts, MONDAY, MONDAY + datetime.timedelta(days=40))


def test_the_baseline_is_the_weeks_before_the_guard_band() -> None:
    last = BASELINE_DAYS + GUARD_DAYS + 1
    counts = _series(np.full(last + 1, 10.0), 60)
    day = MONDAY + datetime.timedelta(days=last)
    history = counts[last - GUARD_DAYS - BASELINE_DAYS : last - GUARD_DAYS]
    assert scan(counts, MONDAY, day) == assess(history, counts[last], day.weekday())
    days = range(last - GUARD_DAYS - BASELINE_DAYS, last - GUARD_DAYS)
    weekdays = [(MONDAY + datetime.timedelta(days=i)).weekday() for i in days]
    assert assess(history, counts[last], day.weekday(), weekdays) == assess(history, counts[last], day.weekday())


def test_the_plain_terms_rule() -> None:
    assert level_for(2, 0.01, 1e-9) == ""  # fewer than three
    assert level_for(3, 1.2, 1e-9) == ""  # not two more than expected
    assert level_for(190, 100.0, 1e-9) == ""  # not double
    assert level_for(200, 100.0, 1e-9) == RED
    assert level_for(200, 100.0, 0.005) == AMBER
    assert level_for(200, 100.0, 0.02) == ""


def test_busy_series_are_amber_at_a_higher_p() -> None:
    # calibrated to the false-alert budget: a few a day at p < 0.01, BUSY_EXPECTED or more at p < 0.02
    assert spikes.amber_threshold(4.0) == spikes.AMBER_P == 0.01
    assert spikes.amber_threshold(spikes.BUSY_EXPECTED) == spikes.AMBER_P_BUSY == 0.02
    assert level_for(12, 4.0, 0.015) == ""
    assert level_for(24, 8.0, 0.015) == AMBER
    assert level_for(24, 8.0, 0.015, amber_p=0.01) == ""


@settings(max_examples=40, deadline=None)
@given(
    history=st.lists(st.integers(0, 400), min_size=spikes.MIN_HISTORY_DAYS, max_size=BASELINE_DAYS),
    observed=st.integers(0, 1200),
    weekday=st.integers(0, 6),
)
def test_any_history_gives_a_sound_answer(history: list[int], observed: int, weekday: int) -> None:
    result = assess(history, observed, weekday)
    assert math.isfinite(result.expected) and result.expected >= 0
    assert 0.0 <= result.p_value <= 1.0
    assert result.level == level_for(observed, result.expected, result.p_value)
    if observed < spikes.MIN_COUNT:
        assert result.level == ""
    assert assess(history, observed + 5, weekday).p_value <= result.p_value + 1e-12
