"""The effect of a done action: the complaint rate of its linked codes in the weeks before and after it went live.

The rate is per complaint received: each week's count of complaints with any of the action's codes, with the
log of all complaints received that week as the offset, so a week of more (or fewer) complaints overall does not
read as a change. Model: count ~ after (a 0/1 indicator), a Poisson GLM; when its Pearson chi² / residual degrees
of freedom exceeds 1.5 (overdispersion: the weeks vary more than Poisson allows, so its interval would be too
narrow), a negative binomial one (the dispersion estimated too). The rate ratio is exp(the indicator's
coefficient), with its 95 % Wald interval and p-value.

`rate_ratio` is pure (lists of weekly counts in, numbers out); `action_effect` reads the counts and calls it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from redress.analytics.selectors import weekly_received
from redress.improvements.choices import Status
from redress.improvements.models import ImprovementAction

OVERDISPERSED = 1.5  # Pearson chi² / df above which the negative binomial model is used
MIN_WEEKS_AFTER = 4

Week = tuple[int, int]  # (complaints with the action's codes, all complaints received)


@dataclass(frozen=True)
class Effect:
    rate_before: float
    rate_after: float
    rate_ratio: float
    ci_low: float
    ci_high: float
    p: float
    weeks_before: int
    weeks_after: int
    model: str  # poisson | negative_binomial
    dispersion: float  # Pearson chi² / df of the Poisson fit


def rate_ratio(before: list[Week], after: list[Week]) -> Effect | None:
    """The change in the rate from the weeks `before` to the weeks `after` (weeks with no complaint at all are
    left out). None when it cannot be estimated: no week on a side, or no complaint with the codes on a side."""
    before = [w for w in before if w[1] > 0]
    after = [w for w in after if w[1] > 0]
    if not before or not after or not sum(m for m, _ in before) or not sum(m for m, _ in after):
        return None
    # numpy and statsmodels (with pandas, ~90 MiB) load here, on the first effect, not in every web process
    import numpy as np
    import statsmodels.api as sm

    weeks = before + after
    y = np.array([m for m, _ in weeks], dtype=float)
    offset = np.log(np.array([n for _, n in weeks], dtype=float))
    x = sm.add_constant(np.array([0.0] * len(before) + [1.0] * len(after)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; the numbers are checked below
        poisson = sm.GLM(y, x, family=sm.families.Poisson(), offset=offset).fit()
        df = poisson.df_resid
        dispersion = float(poisson.pearson_chi2 / df) if df > 0 else 0.0
        fit, model = poisson, "poisson"
        if dispersion > OVERDISPERSED:
            negative_binomial = _negative_binomial(y, x, offset)
            if negative_binomial is not None:
                fit, model = negative_binomial, "negative_binomial"
    beta = float(fit.params[1])
    low, high = (float(v) for v in np.asarray(fit.conf_int(alpha=0.05))[1])
    p = float(np.asarray(fit.pvalues)[1])
    if not all(math.isfinite(v) for v in (beta, low, high, p)):
        return None
    return Effect(
        rate_before=_rate(before),
        rate_after=_rate(after),
        rate_ratio=math.exp(beta),
        ci_low=math.exp(low),
        ci_high=math.exp(high),
        p=p,
        weeks_before=len(before),
        weeks_after=len(after),
        model=model,
        dispersion=dispersion,
    )


def _negative_binomial(y: Any, x: Any, offset: Any) -> Any:
    """The negative binomial fit (NB2, its dispersion estimated), or None when it does not converge."""
    import numpy as np
    import statsmodels.api as sm

    try:
        fit = sm.NegativeBinomial(y, x, offset=offset).fit(disp=0, maxiter=200)
    except (ValueError, np.linalg.LinAlgError):
        return None
    return fit if fit.mle_retvals.get("converged", False) else None


def _rate(weeks: list[Week]) -> float:
    return sum(m for m, _ in weeks) / sum(n for _, n in weeks)


def weeks_window(went_live_on: date, today: date, weeks: int) -> tuple[date, int, int]:
    """(first day counted, weeks before, full weeks after that have passed, at most `weeks`)."""
    after = max(0, min(weeks, (today - went_live_on).days // 7))
    return went_live_on - timedelta(days=7 * weeks), weeks, after


def action_effect(action: ImprovementAction, codes: dict[str, list[str]], today: date | None = None) -> dict[str, Any]:
    """The effect as the action page, the API and the board pack show it: `state` says whether there is one
    (done, no_codes, too_early, not_estimable, not_done) and the figures when there are."""
    today = today or timezone.localdate()
    empty: dict[str, Any] = {"state": "not_done", "weeks_after": 0, "effect": None}
    if action.status not in (Status.DONE, Status.VERIFIED) or action.went_live_on is None:
        return empty
    if not any(codes.values()):
        return {**empty, "state": "no_codes"}
    first, before_n, after_n = weeks_window(action.went_live_on, today, settings.REDRESS_IMPROVEMENT_EFFECT_WEEKS)
    if after_n < MIN_WEEKS_AFTER:
        return {**empty, "state": "too_early", "weeks_after": after_n}
    counts = weekly_received(codes=codes, first=first, weeks=before_n + after_n)
    found = rate_ratio(counts[:before_n], counts[before_n:])
    if found is None:
        return {**empty, "state": "not_estimable", "weeks_after": after_n}
    return {"state": "done", "weeks_after": after_n, "effect": {k: _round(v) for k, v in asdict(found).items()}}


def _round(value: Any) -> Any:
    return round(value, 6) if isinstance(value, float) else value
