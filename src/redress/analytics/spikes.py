"""Spike alerts: is one day's count well above what the recent past predicts?

After public-health surveillance (US CDC NSSP-ESSENCE): the baseline is the BASELINE_DAYS days
that end GUARD_DAYS days before the day tested (the guard band keeps the first days of a rise
out of its own baseline). ESSENCE uses four weeks; twelve find more of the planted spikes of
bench/spike_detection.py than four or eight (figures in bench/README.md): the expected count of
a day is extrapolated from a trend and, with weekday terms, from the few days of its own weekday
in the window, and on noisy series a longer window is what makes that estimate close enough. The
cost is learning a lasting change of level more slowly. A count regression with trend and day-of-week
terms predicts the day; an alert is raised when the day's count is improbably high under it.

* Model: a log-linear GLM (statsmodels) with intercept and linear trend, plus weekday terms when
  they improve the fit (quasi-Poisson F test, p < WEEKDAY_P; small counts rarely show a weekday
  pattern and then fall back to trend alone, as ESSENCE falls back from regression where it does
  not fit). The test is strict because a weekday fitted by chance is fitted on its days
  that happened to be low, and its forecast is then biased low; real weekday patterns (quiet
  weekends, busy Mondays) pass it easily. Then weekdays whose levels do not differ are pooled
  (merged two at a time while an F test on the deviance does not reject it, p >= POOL_P): office
  days, or the six days beside a busy Monday, share one level estimated from all their days,
  where a weekday's own twelve days leave its level off by up to a fifth on noisy series. The
  trend is always in: choosing it by a test makes its chance selections extrapolate noise.
  Overdispersion: negative binomial (NB2), alpha from the Pearson moment equation.
* Robust baseline: days far above the fit (studentized Anscombe residual over a median-based
  scale above OUTLIER_RESIDUAL, at most MAX_OUTLIER_SHARE of the window) are left out and the
  model is fitted again (after Noufaily et al. 2013), so an earlier spike does not mask the next.
* p-value: P(count >= observed) under a negative binomial with the forecast mean and a variance
  of mean + alpha mean² + the variance of the forecast itself (trend extrapolation included),
  read on Student's t with the fit's residual degrees of freedom, as a regression's prediction
  interval is: a variance estimated from a few weeks is itself uncertain.
* Levels: red at p < RED_P, amber at p < AMBER_P — stricter than ESSENCE's 0.01 / 0.05, whose
  amber would by construction flag about 5 in 100 ordinary series-days, where the target is
  at most 1 (bench/README.md, spike alerts). Where BUSY_EXPECTED or more are expected, amber
  at p < AMBER_P_BUSY: both thresholds are calibrated to that budget of false alerts on the
  simulated series, where at the same p the series of a few a day raise more false alerts than
  busier ones. And only when the count is well above the expected count in plain terms too:
  at least MIN_COUNT, MIN_EXCESS more and MIN_RATIO times (double).
  Two complaints on a series that is usually empty are improbable for that series but, over the
  hundreds of series tested each night, happen somewhere every few days; at hundreds a day a
  +20 % day can be significant without being news.

Deterministic (no random numbers). numpy, scipy and statsmodels are imported on first use, so
importing this module costs a web worker nothing.
"""

from __future__ import annotations

import datetime
import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

BASELINE_DAYS = 84  # the days of the baseline window (ESSENCE: 28; see the docstring) ...
GUARD_DAYS = 2  # ... which ends this many days before the day tested
MIN_HISTORY_DAYS = 14  # fewer baseline days than this: no assessment
AMBER_P = 0.01
AMBER_P_BUSY = 0.02  # ... and where at least BUSY_EXPECTED are expected (see the docstring)
BUSY_EXPECTED = 8.0
RED_P = 0.001
MIN_COUNT = 3
MIN_EXCESS = 2.0
MIN_RATIO = 2.0
WEEKDAY_P = 0.01
POOL_WEEKDAYS = True
POOL_P = 0.05
OUTLIER_RESIDUAL = 2.58
MAX_OUTLIER_SHARE = 0.1

# The weekdays' groups of the model: None, no weekday terms; else each group's weekdays (one level a group).
Grouping = tuple[tuple[int, ...], ...] | None

NO_ALERT = ""
AMBER = "amber"
RED = "red"


@dataclass(frozen=True)
class Expectation:
    """What the recent past predicts for one day, and how unusual the observed count is."""

    expected: float  # expected count
    p_value: float  # P(count >= observed) under the fitted model
    level: str  # RED (p < RED_P), AMBER (p < amber_threshold(expected)) or NO_ALERT


def level_for(
    observed: int,
    expected: float,
    p_value: float,
    *,
    amber_p: float | None = None,
    red_p: float = RED_P,
    min_ratio: float = MIN_RATIO,
) -> str:
    """The alert level of a count given its expected count and p-value, the plain-terms rule included.
    `amber_p`: the amber threshold; by default `amber_threshold(expected)`."""
    if observed < max(MIN_COUNT, expected + MIN_EXCESS, expected * min_ratio):
        return NO_ALERT
    if p_value < red_p:
        return RED
    if p_value < (amber_threshold(expected) if amber_p is None else amber_p):
        return AMBER
    return NO_ALERT


def amber_threshold(expected: float) -> float:
    """The p-value under which a count is amber: AMBER_P_BUSY where BUSY_EXPECTED or more are expected."""
    return AMBER_P_BUSY if expected >= BUSY_EXPECTED else AMBER_P


def assess(
    history: Sequence[int], observed: int, weekday: int, history_weekdays: Sequence[int] | None = None
) -> Expectation:
    """Test one day's count against its baseline.

    `history`: the daily counts of the baseline, oldest first, one per consecutive day; normally
    the BASELINE_DAYS days that end GUARD_DAYS days before the tested day, at least
    MIN_HISTORY_DAYS of them. `weekday`: the tested day's (Monday 0). `history_weekdays`: the
    weekday of each history day; by default the last history day is GUARD_DAYS + 1 days before
    the tested day, and when given, the gap (1–7 days) is read from the last one.
    """
    n = len(history)
    if n < MIN_HISTORY_DAYS:
        raise ValueError(f"history has {n} days, at least {MIN_HISTORY_DAYS} are needed")
    if observed < 0 or min(history) < 0:
        raise ValueError("counts cannot be negative")
    if history_weekdays is None:
        horizon = GUARD_DAYS + 1
        history_weekdays = [(weekday - horizon - (n - 1 - i)) % 7 for i in range(n)]
    elif len(history_weekdays) != n:
        raise ValueError("history_weekdays must have one weekday per history day")
    else:
        horizon = (weekday - history_weekdays[-1] - 1) % 7 + 1

    import numpy as np

    y = np.asarray(history, dtype=float)
    days = np.arange(n, dtype=float) - (n - 1 + horizon)  # the tested day is day 0
    weekdays = np.asarray(history_weekdays, dtype=int) % 7
    mean, variance, df = _forecast(y, days, weekdays, weekday % 7)
    p_value = _upper_tail(observed, mean, variance, df)
    return Expectation(expected=mean, p_value=p_value, level=level_for(observed, mean, p_value))


def predictive(history: Sequence[int], weekday: int) -> tuple[float, float, int]:
    """Mean, variance and residual degrees of freedom of the count expected on a day of `weekday`
    GUARD_DAYS + 1 days after the last history day: the fit `assess` tests a count against, for
    callers that read its tail at several counts (`upper_tail`), as the dashboard's band does."""
    import numpy as np

    n, horizon = len(history), GUARD_DAYS + 1
    weekdays = np.asarray([(weekday - horizon - (n - 1 - i)) % 7 for i in range(n)], dtype=int)
    days = np.arange(n, dtype=float) - (n - 1 + horizon)
    return _forecast(np.asarray(history, dtype=float), days, weekdays, weekday % 7)


def upper_tail(observed: int, mean: float, variance: float, df: int) -> float:
    """P(count >= observed) under a fit from `predictive`."""
    return _upper_tail(observed, mean, variance, df)


def scan(counts: Sequence[int], first_day: datetime.date, day: datetime.date) -> Expectation | None:
    """Test `day` of a daily series that starts on `first_day` against the baseline before its guard band.

    None when fewer than MIN_HISTORY_DAYS baseline days precede the guard band.
    """
    index = (day - first_day).days
    if not 0 <= index < len(counts):
        raise ValueError(f"{day} is not in the series ({first_day} + {len(counts)} days)")
    end = index - GUARD_DAYS
    if end < MIN_HISTORY_DAYS:
        return None
    return assess(counts[max(0, end - BASELINE_DAYS) : end], int(counts[index]), day.weekday())


# --- the model -------------------------------------------------------------------------------
# Arrays: y the baseline counts, days their distance to the tested day (negative), weekdays theirs.


def _forecast(
    y: NDArray[np.float64], days: NDArray[np.float64], weekdays: NDArray[np.int_], weekday: int
) -> tuple[float, float, int]:
    """Predictive mean, variance and residual degrees of freedom of the tested day's count."""
    import numpy as np

    if y.any():
        groups, res = _choose(y, days, weekdays, weekday)
        scores = _outlier_scores(y, res)
        outliers = np.flatnonzero(scores > OUTLIER_RESIDUAL)
        if len(outliers):
            limit = max(1, math.ceil(MAX_OUTLIER_SHARE * len(y)))
            keep = np.ones(len(y), dtype=bool)
            keep[outliers[np.argsort(-scores[outliers], kind="stable")][:limit]] = False
            y, days, weekdays = y[keep], days[keep], weekdays[keep]
            if y.any():
                groups, res = _choose(y, days, weekdays, weekday)
    if not y.any():
        # Nothing in the baseline: a rate of 0.5 / n (Jeffreys' prior) rather than 0, so the
        # p-value of a first count is small but finite.
        n = len(y)
        return 0.5 / n, 0.5 / n * (1 + 1 / n), n - 1
    return _predict(y, days, weekdays, weekday, groups, res)


def _choose(
    y: NDArray[np.float64], days: NDArray[np.float64], weekdays: NDArray[np.int_], weekday: int
) -> tuple[Grouping, Any]:
    """Poisson fit with trend, with weekday terms if they improve it (quasi-Poisson F test), the weekdays
    that do not differ pooled (`_pool`)."""
    from scipy import stats

    reduced = _glm(y, days, weekdays, weekday, groups=None)
    if min(int((weekdays == d).sum()) for d in range(7)) < 2:
        return None, reduced
    every = tuple((d,) for d in range(7))
    full = _glm(y, days, weekdays, weekday, groups=every)
    if full.df_resid <= 0:
        return None, reduced
    dispersion = max(1.0, _pearson(y, full.fittedvalues, 0.0) / full.df_resid)
    f = (reduced.deviance - full.deviance) / 6 / dispersion
    if stats.f.sf(f, 6, full.df_resid) >= WEEKDAY_P:
        return None, reduced
    if not POOL_WEEKDAYS:
        return every, full
    return _pool(y, days, weekdays, weekday, every, full, dispersion, reduced)


def _pool(
    y: NDArray[np.float64],
    days: NDArray[np.float64],
    weekdays: NDArray[np.int_],
    weekday: int,
    groups: tuple[tuple[int, ...], ...],
    res: Any,
    dispersion: float,
    reduced: Any,
) -> tuple[Grouping, Any]:
    """Pool weekdays whose levels do not differ. Of the groups next to each other by level, the pairs are
    tried from the least different (Wald z); the first whose merging the data do not reject (quasi-Poisson
    F test on the deviance, p >= POOL_P) is merged and the model refitted, until none is. A weekday's level
    from its twelve days is noisy; pooled with the days like it, from many more. (The deviance, not the
    Wald test, decides: a weekday without any count has an unbounded coefficient and standard error.)"""
    import numpy as np
    from scipy import stats

    while len(groups) > 1:
        own = next(i for i, g in enumerate(groups) if weekday in g)
        others = [i for i in range(len(groups)) if i != own]
        coef = np.zeros(len(groups))
        coef[others] = np.asarray(res.params, dtype=float)[2:]
        cov = np.zeros((len(groups), len(groups)))
        cov[np.ix_(others, others)] = np.asarray(res.cov_params(), dtype=float)[2:, 2:]
        pairs = list(itertools.pairwise(int(i) for i in np.argsort(coef, kind="stable")))
        se = np.sqrt([max(cov[a, a] + cov[b, b] - 2 * cov[a, b], 1e-12) for a, b in pairs])
        z = np.abs([coef[a] - coef[b] for a, b in pairs]) / se
        for nearest in np.argsort(z, kind="stable"):
            a, b = pairs[int(nearest)]
            merged = (*(g for i, g in enumerate(groups) if i not in (a, b)), tuple(sorted(groups[a] + groups[b])))
            fit = reduced if len(merged) == 1 else _glm(y, days, weekdays, weekday, groups=merged)
            f = (fit.deviance - res.deviance) / dispersion
            if stats.f.sf(f, 1, res.df_resid) >= POOL_P:
                break
        else:
            return groups, res
        if len(merged) == 1:
            return None, reduced
        groups, res = merged, fit
    return None, reduced


def _outlier_scores(y: NDArray[np.float64], res: Any) -> NDArray[np.float64]:
    """How far each baseline day is above the fit: studentized Anscombe residuals over a robust scale.

    Leverage matters: with weekday terms a day is one of four of its weekday, and a spike pulls
    its weekday's fit up by a quarter of its excess. The scale is the residuals' median absolute
    deviation (their variance would be inflated by the spike itself), at least 1 (Poisson).
    """
    import numpy as np

    mu = np.maximum(np.asarray(res.fittedvalues, dtype=float), 1e-12)
    anscombe = 1.5 * (np.cbrt(y) ** 2 - np.cbrt(mu) ** 2) / mu ** (1 / 6)
    leverage = np.clip(np.asarray(res.get_hat_matrix_diag(), dtype=float), 0.0, 0.99)
    scores: NDArray[np.float64] = anscombe / np.sqrt(1 - leverage)
    scale = max(1.0, 1.4826 * float(np.median(np.abs(scores - np.median(scores)))))
    return scores / scale


def _predict(
    y: NDArray[np.float64],
    days: NDArray[np.float64],
    weekdays: NDArray[np.int_],
    weekday: int,
    groups: Grouping,
    res: Any,
) -> tuple[float, float, int]:
    """NB2 forecast: the fitted mean, var = mean + alpha mean² + the variance of the mean."""
    from scipy import optimize

    df = int(res.df_resid)
    alpha = 0.0
    if df > 0 and _pearson(y, res.fittedvalues, 0.0) > df:
        # alpha solves sum (y - mu)² / (mu + alpha mu²) = df (a moment estimator), then a refit.
        high = 1.0
        while _pearson(y, res.fittedvalues, high) > df and high < 1e6:
            high *= 10
        alpha = float(optimize.brentq(lambda a: _pearson(y, res.fittedvalues, a) - df, 0.0, high))
        res = _glm(y, days, weekdays, weekday, groups=groups, alpha=alpha)
    mean = math.exp(float(res.params[0]))
    mean_var = mean * mean * float(res.cov_params()[0, 0])
    return mean, mean + alpha * mean * mean + mean_var, df


def _pearson(y: NDArray[np.float64], mu: Any, alpha: float) -> float:
    import numpy as np

    mu = np.asarray(mu, dtype=float)
    return float(np.sum((y - mu) ** 2 / np.maximum(mu + alpha * mu * mu, 1e-12)))


def _glm(
    y: NDArray[np.float64],
    days: NDArray[np.float64],
    weekdays: NDArray[np.int_],
    weekday: int,
    *,
    groups: Grouping,
    alpha: float = 0.0,
) -> Any:
    """Log-linear GLM (Poisson, or NB2 with this alpha) whose intercept is the tested day's log mean: trend,
    and a term for each group of weekdays but the tested day's."""
    import numpy as np
    from statsmodels.genmod.families import NegativeBinomial, Poisson
    from statsmodels.genmod.generalized_linear_model import GLM
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    columns = [np.ones_like(y), days / 7]  # trend per week
    if groups is not None:
        columns += [np.isin(weekdays, g).astype(float) for g in groups if weekday not in g]
    family = NegativeBinomial(alpha=alpha) if alpha > 0 else Poisson()
    with warnings.catch_warnings():
        # A weekday without any count drives its term towards -inf: its forecast is then ~0.
        for category in (ConvergenceWarning, PerfectSeparationWarning, RuntimeWarning):
            warnings.simplefilter("ignore", category)
        return GLM(y, np.column_stack(columns), family=family).fit()


def _upper_tail(observed: int, mean: float, variance: float, df: int) -> float:
    """P(X >= observed) for a negative binomial of this mean and variance (Poisson if not overdispersed),
    its z-score read on Student's t with df degrees of freedom."""
    if observed <= 0:
        return 1.0
    from scipy import stats

    if variance <= mean * (1 + 1e-9):
        p = float(stats.poisson.sf(observed - 1, mean))
    else:
        size = mean * mean / (variance - mean)
        p = float(stats.nbinom.sf(observed - 1, size, mean / variance))
    if df > 0 and 0.0 < p < 0.5:
        p = float(stats.t.sf(stats.norm.isf(p), df))
    return p
