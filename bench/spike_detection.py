"""Spike alerts on simulated daily series: recall of planted spikes, false alerts, CPU time.

    .venv/bin/python bench/spike_detection.py [--seed 1] [--series 100] [--days 56]
        [--amber-p P --amber-p-busy P --red-p P --min-ratio R --baseline-days N]   # other choices than the module's

Each series has a level class (sparse 0.1–1/day, small 2–5, medium 10–40, large 100–500, drawn
log-uniformly), a weekday profile (flat; office days with a quiet weekend; Mondays double), a
log-linear trend of up to ±1 %/day (±32 % over a baseline), and negative binomial noise (Poisson,
or variance μ + μ²/k with k = 50 or 10). On each day, with probability 1/28, a spike is planted:
the count is drawn with 3× that day's mean (same noise). Spikes are planted in the baseline too,
so the robustness of the baseline is part of what is measured.

Every day after the first BASELINE_DAYS + GUARD_DAYS is tested with `spikes.scan`. Reported per
class: recall of planted spikes (amber or red) and red only; the recall a test knowing the true
mean and noise would reach with the same thresholds and minimum-count rule ("oracle": what the
noise allows at all); false alerts per 100 non-spike series-days; CPU time per series-day (this
process, statistics only). Ends with one JSON line, also saved under bench/results/.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from dataclasses import dataclass, field

import _common as c
import numpy as np
from scipy import stats

sys.path.insert(0, os.environ.get("BENCH_SRC") or str(c.ROOT / "src"))
from redress.analytics import spikes

CLASSES = {"sparse": (0.1, 1.0), "small": (2.0, 5.0), "medium": (10.0, 40.0), "large": (100.0, 500.0)}
PROFILES = {
    "flat": [1, 1, 1, 1, 1, 1, 1],
    "office": [1.2, 1.2, 1.2, 1.2, 1.2, 0.6, 0.4],
    "monday": [2, 1, 1, 1, 1, 1, 1],
}
SIZES = [None, 50.0, 10.0]  # negative binomial k (None: Poisson)
SPIKE_RATE = 1 / 28
SPIKE_FACTOR = 3.0
FIRST_DAY = datetime.date(2026, 1, 5)  # a Monday


@dataclass
class Tally:
    spike_days: int = 0
    found: int = 0
    found_red: int = 0
    oracle: float = 0.0
    quiet_days: int = 0
    false_alerts: int = 0
    false_red: int = 0
    cpu: float = 0.0
    missed_examples: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("spike_days", "found", "found_red", "oracle", "quiet_days", "false_alerts", "false_red", "cpu"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self) -> dict[str, float]:
        days = self.spike_days + self.quiet_days
        return {
            "series_days": days,
            "spikes": self.spike_days,
            "recall": round(self.found / self.spike_days, 3) if self.spike_days else 0.0,
            "recall_red": round(self.found_red / self.spike_days, 3) if self.spike_days else 0.0,
            "oracle_recall": round(self.oracle / self.spike_days, 3) if self.spike_days else 0.0,
            "false_per_100": round(100 * self.false_alerts / self.quiet_days, 3) if self.quiet_days else 0.0,
            "false_red_per_100": round(100 * self.false_red / self.quiet_days, 3) if self.quiet_days else 0.0,
            "cpu_ms_per_day": round(1000 * self.cpu / days, 3) if days else 0.0,
        }


def draw(rng: np.random.Generator, mean: np.ndarray, size: float | None) -> np.ndarray:
    if size is None:
        return rng.poisson(mean)
    return rng.poisson(rng.gamma(size, mean / size))


def tail(threshold: int, mean: float, size: float | None) -> float:
    """P(X >= threshold) under the simulated noise."""
    if size is None:
        return float(stats.poisson.sf(threshold - 1, mean))
    return float(stats.nbinom.sf(threshold - 1, size, size / (size + mean)))


def oracle_recall(mean: float, size: float | None, amber_p: float, min_ratio: float) -> float:
    """Recall of a 3× spike for a test that knows the true mean and noise (same plain-terms rule)."""
    floor = max(spikes.MIN_COUNT, mean + spikes.MIN_EXCESS, mean * min_ratio)
    threshold = int(np.ceil(floor))
    while tail(threshold, mean, size) >= amber_p:
        threshold += 1
    return tail(threshold, SPIKE_FACTOR * mean, size)


@dataclass(frozen=True)
class Rule:
    amber_p: float
    amber_p_busy: float  # where spikes.BUSY_EXPECTED or more are expected
    red_p: float
    min_ratio: float

    def amber(self, expected: float) -> float:
        return self.amber_p_busy if expected >= spikes.BUSY_EXPECTED else self.amber_p


@dataclass(frozen=True)
class Series:
    counts: list[int]
    mean: np.ndarray  # each day's true mean (before a spike)
    spiked: np.ndarray  # whether a spike was planted that day
    size: float | None  # negative binomial k (None: Poisson)


def draw_series(rng: np.random.Generator, low: float, high: float, days: int) -> Series:
    """One simulated series: the baseline, the guard band and `days` days to test."""
    total = spikes.BASELINE_DAYS + spikes.GUARD_DAYS + days
    level = float(np.exp(rng.uniform(np.log(low), np.log(high))))
    profile = np.array(PROFILES[list(PROFILES)[rng.integers(len(PROFILES))]], dtype=float)
    profile /= profile.mean()
    slope = rng.uniform(-0.01, 0.01)
    size = SIZES[rng.integers(len(SIZES))]
    index = np.arange(total)
    weekdays = np.array([(FIRST_DAY + datetime.timedelta(days=int(i))).weekday() for i in index])
    mean = level * profile[weekdays] * np.exp(slope * (index - total / 2))
    spiked = rng.random(total) < SPIKE_RATE
    counts = draw(rng, np.where(spiked, SPIKE_FACTOR * mean, mean), size)
    return Series([int(c) for c in counts], mean, spiked, size)


def simulate(rng: np.random.Generator, low: float, high: float, days: int, rule: Rule, tally: Tally | None) -> None:
    """Draw a series and tally its tested days (`tally` None: draw only, so later classes get the same draws)."""
    drawn = draw_series(rng, low, high, days)
    if tally is None:
        return
    series, mean, spiked, size = drawn.counts, drawn.mean, drawn.spiked, drawn.size
    total = len(series)
    for i in range(total - days, total):
        day = FIRST_DAY + datetime.timedelta(days=i)
        start = time.process_time()
        result = spikes.scan(series, FIRST_DAY, day)
        tally.cpu += time.process_time() - start
        assert result is not None
        level_name = spikes.level_for(
            series[i],
            result.expected,
            result.p_value,
            amber_p=rule.amber(result.expected),
            red_p=rule.red_p,
            min_ratio=rule.min_ratio,
        )
        if spiked[i]:
            tally.spike_days += 1
            tally.found += bool(level_name)
            tally.found_red += level_name == spikes.RED
            tally.oracle += oracle_recall(float(mean[i]), size, rule.amber(float(mean[i])), rule.min_ratio)
        else:
            tally.quiet_days += 1
            tally.false_alerts += bool(level_name)
            tally.false_red += level_name == spikes.RED


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--series", type=int, default=100, help="series per level class")
    parser.add_argument("--days", type=int, default=56, help="days tested per series")
    parser.add_argument("--amber-p", type=float, default=spikes.AMBER_P)
    parser.add_argument("--amber-p-busy", type=float, default=spikes.AMBER_P_BUSY)
    parser.add_argument("--red-p", type=float, default=spikes.RED_P)
    parser.add_argument("--min-ratio", type=float, default=spikes.MIN_RATIO)
    parser.add_argument("--baseline-days", type=int, default=spikes.BASELINE_DAYS, help="to measure another window")
    parser.add_argument(
        "--classes",
        default=",".join(CLASSES),
        help="the classes to test, e.g. medium,large (the others are drawn, not tested)",
    )
    args = parser.parse_args()
    spikes.BASELINE_DAYS = args.baseline_days
    rule = Rule(args.amber_p, args.amber_p_busy, args.red_p, args.min_ratio)
    rng = np.random.default_rng(args.seed)
    spikes.assess([1] * spikes.BASELINE_DAYS, 1, 0)  # imports outside the timing
    tested = [name for name in args.classes.split(",") if name]
    if unknown := set(tested) - set(CLASSES):
        parser.error(f"unknown classes: {', '.join(sorted(unknown))}")
    tallies: dict[str, Tally] = {}
    for name, (low, high) in CLASSES.items():
        if name in tested:
            tallies[name] = Tally()
        for _ in range(args.series):
            simulate(rng, low, high, args.days, rule, tallies.get(name))
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    rows = {name: tally.row() for name, tally in tallies.items()} | {"all": total.row()}
    settings = {
        "seed": args.seed,
        "series": args.series,
        "days": args.days,
        "baseline_days": args.baseline_days,
        "amber_p": rule.amber_p,
        "amber_p_busy": rule.amber_p_busy,
        "red_p": rule.red_p,
        "min_ratio": rule.min_ratio,
        "tested": ",".join(tested),
    }
    print(", ".join(f"{key} {value}" for key, value in settings.items()) + f"; load {os.getloadavg()[0]:.2f}")
    columns = list(rows["all"])
    print(f"{'class':<8}" + "".join(f"{c:>18}" for c in columns))
    for name, row in rows.items():
        print(f"{name:<8}" + "".join(f"{row[c]:>18}" for c in columns))
    nightly = 6 * 50 * total.cpu / (total.spike_days + total.quiet_days)
    print(f"nightly task, 6 dimensions x 50 keys: {nightly:.2f} s of CPU")
    result = settings | {"classes": rows, "nightly_cpu_s": round(nightly, 3)}
    print(json.dumps(result))
    c.save("spike_detection", result | {"load": os.getloadavg(), "tree": c.tree_state()})


if __name__ == "__main__":
    main()
