"""The flag rules in use: the active `TriageRule` rows, compiled into a `RuleSet` (ml/matching.py).

The rule set is built once per process and rebuilt when a rule changes (signals, same process) or
after REDRESS_TRIAGE_CACHE_SECONDS (other processes). While the table is empty or missing, the
seed rules apply.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError

from redress.triage.ml.amounts import DEFAULT_THRESHOLDS
from redress.triage.ml.matching import RuleSet
from redress.triage.models import TriageRule
from redress.triage.seed import DEFAULT_RULES


def thresholds() -> dict[str, int]:
    return dict(getattr(settings, "REDRESS_TRIAGE_LARGE_AMOUNTS", DEFAULT_THRESHOLDS))


def default_ruleset() -> RuleSet:
    return RuleSet(DEFAULT_RULES, thresholds=thresholds(), default_currency=_currency())


def _currency() -> str:
    return str(getattr(settings, "REDRESS_DEFAULT_CURRENCY", "CNY"))


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ruleset: RuleSet | None = None
        self.loaded_at = 0.0


_cache = _Cache()


def invalidate(*args: Any, **kwargs: Any) -> None:
    """Forget the compiled rules (a rule was saved or deleted; settings changed in a test)."""
    _cache.ruleset = None


def current_ruleset() -> RuleSet:
    """The active rules of the database (the seed list while the table is empty or missing)."""
    ttl = float(getattr(settings, "REDRESS_TRIAGE_CACHE_SECONDS", 30))
    ruleset = _cache.ruleset
    if ruleset is not None and time.monotonic() - _cache.loaded_at < ttl:
        return ruleset
    with _cache.lock:
        ruleset = _load()
        _cache.ruleset, _cache.loaded_at = ruleset, time.monotonic()
    return ruleset


def _load() -> RuleSet:
    try:
        if not TriageRule.objects.exists():
            return default_ruleset()
        rows = list(TriageRule.objects.filter(active=True).values_list("flag", "language", "pattern", "is_regex"))
    except DatabaseError:
        return default_ruleset()  # no table yet (predict before migrate): the seed rules
    return RuleSet(rows, thresholds=thresholds(), default_currency=_currency())
