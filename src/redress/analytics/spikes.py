"""Spike alerts: is one day's count well above what the recent past predicts?

The method follows public-health surveillance (US CDC NSSP-ESSENCE): a baseline of the
BASELINE_DAYS days that end GUARD_DAYS days before the day tested (the guard band keeps the
first days of a rise out of its own baseline), a count regression with a trend and
day-of-week terms where the data support them, and an alert when the day's count is
improbably high under the fitted model.

* Model: a Poisson log-linear GLM (statsmodels) with intercept, linear trend and weekday
  terms, and quasi-Poisson dispersion (Pearson chi² / residual df, at least 1). The weekday
  terms stay only if they improve the fit (F test, p < SELECT_P), the trend only if it is
  significant and its forecast does not exceed the baseline's largest count (Farrington et
  al. 1996). Small counts therefore fall back to the baseline mean, as ESSENCE falls back
  from regression to a smoother where the regression does not fit.
* Robust baseline: days whose Anscombe residual (scaled by the dispersion) exceeds
  OUTLIER_RESIDUAL, at most MAX_OUTLIER_SHARE of the window, are left out and the model is
  chosen again (Noufaily et al. 2013), so an earlier spike does not mask the next one.
* p-value: P(count >= observed) under a negative binomial with the model's mean and a variance
  of dispersion × mean plus the uncertainty of the mean itself (trend extrapolation included),
  so noisy series and short baselines alert less.
* Alert: red at p < RED_P, amber at p < AMBER_P, and only when the count is at least MIN_COUNT
  and at least MIN_EXCESS above the expected count: one or two complaints on a series that is
  usually empty are improbable for that series but, over hundreds of series a night, happen
  somewhere every few days and mean nothing.

Deterministic (no random numbers), pure Python with numpy, scipy and statsmodels imported on
first use, so importing this module costs a web worker nothing.
"""

from __future__ import annotations

import datetime
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

BASELINE_DAYS = 28  # the days of the baseline window ...
GUARD_DAYS = 2  # ... which ends this many days before the day tested
MIN_HISTORY_DAYS = 14  # fewer baseline days than this: no assessment
AMBER_P = 0.05
RED_P = 0.01
MIN_COUNT = 3
MIN_EXCESS = 2.0
WEEKDAY_P = 0.05
TREND_P = 0.05  # 1.0: always
OUTLIER_RESIDUAL = 2.58
MAX_OUTLIER_SHARE = 0.1

NO_ALERT = ""
AMBER = "amber"
RED = "red"


@dataclass(frozen=True)
class Expectation:
    """What the recent past predicts for one day, and how unusual the observed count is."""

    expected: float  # expected count
    p_value: float  # P(count >= observed) under the fitted model
    level: str  # RED (p < RED_P), AMBER (p < AMBER_P) or NO_ALERT


def level_for(observed: int, expected: float, p_value: float, *, amber_p: float = AMBER_P, red_p: float = RED_P) -> str:
    """The alert level of a count, its expectation and p-value (the minimum-count rule included)."""
    if observed < MIN_COUNT or observed < expected + MIN_EXCESS:
        return NO_ALERT
    if p_value < red_p:
        return RED
    if p_value < amber_p:
        return AMBER
    return NO_ALERT


def assess(
    history: Sequence[int], observed: int, weekday: int, history_weekdays: Sequence[int] | None = None
) -> Expectation:
    """Test one day's count against its baseline.

    `history`: the daily counts of the baseline, oldest first, one per consecutive day, normally
    the BASELINE_DAYS days that end GUARD_DAYS days before the tested day (at least
    MIN_HISTORY_DAYS of them). `weekday`: the tested day's weekday (Monday 0).
    `history_weekdays`: the weekday of each history day; by default the last history day is taken
    to be GUARD_DAYS + 1 days before the tested day. The gap between the last history day and the
    tested day is read from the weekdays (1–7 days).
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
    days = np.arange(n, dtype=float)
    weekdays = np.asarray(history_weekdays, dtype=int) % 7
    mean, variance, df = _forecast(y, days, weekdays, n - 1 + horizon, weekday % 7)
    p_value = _upper_tail(observed, mean, variance, df)
    return Expectation(expected=mean, p_value=p_value, level=level_for(observed, mean, p_value))


def scan(counts: Sequence[int], first_day: datetime.date, day: datetime.date) -> Expectation | None:
    """Test `day` of a daily series that starts on `first_day`, with the baseline before its guard band.

    None when fewer than MIN_HISTORY_DAYS baseline days precede the guard band.
    """
    index = (day - first_day).days
    if not 0 <= index < len(counts):
        raise ValueError(f"{day} is not in the series ({first_day} + {len(counts)} days)")
    end = index - GUARD_DAYS
    if end < MIN_HISTORY_DAYS:
        return None
    history = counts[max(0, end - BASELINE_DAYS) : end]
    return assess(history, int(counts[index]), day.weekday())


# --- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Terms:
    trend: bool
    by_weekday: bool


def _forecast(
    y: NDArray[np.float64], days: NDArray[np.float64], weekdays: NDArray[np.int_], at: float, weekday: int
) -> tuple[float, float, int]:
    """Predictive mean, variance and residual degrees of freedom of the count on day `at`."""
    import numpy as np

    keep = np.ones(len(y), dtype=bool)
    if y.any():
        terms, res = _choose(y, days, weekdays, at, weekday)
        outliers, scores = _outliers(y, res)
        if len(outliers):
            limit = max(1, math.ceil(MAX_OUTLIER_SHARE * len(y)))
            keep[outliers[np.argsort(-scores[outliers], kind="stable")][:limit]] = False
            y, days, weekdays = y[keep], days[keep], weekdays[keep]
            if y.any():
                terms, res = _choose(y, days, weekdays, at, weekday)
    if not y.any():
        # Nothing in the baseline: a rate of 0.5 / n (Jeffreys' prior) rather than 0, so the
        # p-value of a first count is small but finite.
        n = len(y)
        return 0.5 / n, 0.5 / n * (1 + 1 / n), n - 1
    return _predict(y, days, weekdays, at, weekday, terms, res)


def _outliers(y: NDArray[np.float64], res: Any) -> tuple[NDArray[np.int_], NDArray[np.float64]]:
    """Baseline days far above the fit: studentized Anscombe residuals over a robust scale.

    Leverage matters: with weekday terms a day is one of only four of its weekday, and a spike
    pulls its weekday's fit up by a quarter of its excess. The scale is the residuals' median
    absolute deviation (not their variance, which the spike itself would inflate), at least 1,
    the Poisson value (after Noufaily et al. 2013, where the threshold 2.58 comes from).
    """
    import numpy as np

    mu = np.maximum(np.asarray(res.fittedvalues, dtype=float), 1e-12)
    anscombe = 1.5 * (np.cbrt(y) ** 2 - np.cbrt(mu) ** 2) / mu ** (1 / 6)
    leverage = np.clip(np.asarray(res.get_hat_matrix_diag(), dtype=float), 0.0, 0.99)
    scores = anscombe / np.sqrt(1 - leverage)
    scale = max(1.0, 1.4826 * float(np.median(np.abs(scores - np.median(scores)))))
    scores /= scale
    return np.flatnonzero(scores > OUTLIER_RESIDUAL), scores


def _choose(
    y: NDArray[np.float64], days: NDArray[np.float64], weekdays: NDArray[np.int_], at: float, weekday: int
) -> tuple[_Terms, Any]:
    """Poisson fits with trend and weekday terms; keep the terms the data support (quasi-Poisson tests)."""
    from scipy import stats

    terms = _Terms(trend=True, by_weekday=min(int((weekdays == d).sum()) for d in range(7)) >= 2)
    res = _poisson(y, days, weekdays, at, weekday, terms)
    if terms.by_weekday:
        reduced = _poisson(y, days, weekdays, at, weekday, _Terms(trend=True, by_weekday=False))
        dispersion = _quasi_dispersion(y, res.fittedvalues, res.df_resid)
        f = (reduced.deviance - res.deviance) / 6 / dispersion
        if res.df_resid <= 0 or stats.f.sf(f, 6, res.df_resid) >= TREND_P:
            terms, res = _Terms(trend=True, by_weekday=False), reduced
    dispersion = _quasi_dispersion(y, res.fittedvalues, res.df_resid)
    slope, slope_var = float(res.params[1]), float(res.cov_params()[1, 1]) * dispersion
    if slope_var <= 0 or 2 * stats.t.sf(abs(slope) / math.sqrt(slope_var), res.df_resid) >= TREND_P:
        terms = _Terms(trend=False, by_weekday=terms.by_weekday)
        res = _poisson(y, days, weekdays, at, weekday, terms)
    return terms, res


def _predict(
    y: NDArray[np.float64],
    days: NDArray[np.float64],
    weekdays: NDArray[np.int_],
    at: float,
    weekday: int,
    terms: _Terms,
    res: Any,
) -> tuple[float, float, int]:
    """Negative binomial (NB2) forecast: var = mean + alpha mean² (+ the variance of the mean)."""
    import numpy as np
    from scipy import optimize

    mu = np.asarray(res.fittedvalues, dtype=float)
    df = int(res.df_resid)
    alpha = 0.0
    if df > 0 and _pearson(y, mu, 0.0) > df:
        # Alpha by the Pearson equation sum (y - mu)² / (mu + alpha mu²) = df (a moment estimator).
        high = 1.0
        while _pearson(y, mu, high) > df and high < 1e6:
            high *= 10
        alpha = float(optimize.brentq(lambda a: _pearson(y, mu, a) - df, 0.0, high))
        res = _poisson(y, days, weekdays, at, weekday, terms, alpha=alpha)
    mean = math.exp(float(res.params[0]))
    mean_var = mean * mean * float(res.cov_params()[0, 0])
    return mean, mean + alpha * mean * mean + mean_var, df


def _pearson(y: NDArray[np.float64], mu: NDArray[np.float64], alpha: float) -> float:
    import numpy as np

    return float(np.sum((y - mu) ** 2 / np.maximum(mu + alpha * mu * mu, 1e-12)))


def _quasi_dispersion(y: NDArray[np.float64], mu: Any, df: float) -> float:
    return max(1.0, _pearson(y, mu, 0.0) / df) if df > 0 else 1.0


def _poisson(
    y: NDArray[np.float64],
    days: NDArray[np.float64],
    weekdays: NDArray[np.int_],
    at: float,
    weekday: int,
    terms: _Terms,
    alpha: float = 0.0,
) -> Any:
    """A log-linear GLM (Poisson, or negative binomial with this alpha) whose intercept is the forecast."""
    import numpy as np
    from statsmodels.genmod.families import NegativeBinomial, Poisson
    from statsmodels.genmod.generalized_linear_model import GLM
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    columns = [np.ones_like(y)]
    if terms.trend:
        columns.append((days - at) / 7)  # in weeks before the tested day
    if terms.by_weekday:
        columns += [(weekdays == d).astype(float) for d in range(7) if d != weekday]
    family = NegativeBinomial(alpha=alpha) if alpha > 0 else Poisson()
    with warnings.catch_warnings():
        # A weekday with no count at all drives its term to -inf: the forecast is then ~0 for it.
        warnings.simplefilter("ignore", (ConvergenceWarning, PerfectSeparationWarning, RuntimeWarning))
        return GLM(y, np.column_stack(columns), family=family).fit()


def _upper_tail(observed: int, mean: float, variance: float, df: int) -> float:
    """P(X >= observed): negative binomial with this mean and variance (Poisson if not overdispersed).

    With df residual degrees of freedom behind the variance, the tail is read on Student's t
    (its z-score's), as a regression's prediction interval is: a variance estimated from a few
    weeks is itself uncertain, and a plug-in estimate would alert too often.
    """
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
