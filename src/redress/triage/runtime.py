"""The model in use in this process: loaded once, reloaded when another version is activated.

The active `TriageModelVersion` is looked up at most every REDRESS_TRIAGE_CACHE_SECONDS (and at
once in the process that activates a version, through a signal), so registration pays no
query and no file read for triage in the common case.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DatabaseError, connection

from redress.triage.models import TriageModelVersion
from redress.triage.rules import current_ruleset

if TYPE_CHECKING:  # numpy, scipy and joblib load on first use, not at every process start
    from redress.triage.ml.engine import Thresholds, Triage
    from redress.triage.ml.triage_model import TriageModel

logger = logging.getLogger(__name__)


def model_dir() -> Path:
    return Path(getattr(settings, "REDRESS_TRIAGE_MODEL_DIR", settings.HOME / "triage"))


def artifact_path(artifact: str) -> Path:
    path = Path(artifact)
    return path if path.is_absolute() else model_dir() / path


@dataclass
class Loaded:
    pk: int | None
    artifact: str | None
    model: TriageModel | None


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded: Loaded | None = None
        self.checked_at = 0.0


_state = _State()


def _after_fork_in_child() -> None:
    # A process forked while another thread held the lock (e.g. `gunicorn --preload` forking while the
    # start-up load of warm_in_background runs) would inherit it locked forever: give the child its own.
    _state.lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def invalidate(*args: Any, **kwargs: Any) -> None:
    """Look the active version up again on the next call (a version was activated or saved)."""
    _state.checked_at = 0.0


def forget() -> None:
    """Drop the loaded model too (tests; a changed model directory)."""
    with _state.lock:
        _state.loaded, _state.checked_at = None, 0.0


def _active_row() -> tuple[int, str] | None:
    try:
        row = TriageModelVersion.objects.filter(active=True).values_list("pk", "artifact").first()
    except DatabaseError:
        return None  # no table yet: rules only
    return (int(row[0]), str(row[1])) if row else None


def active_model() -> Loaded:
    """The active model (model None: none trained yet, or its file cannot be read)."""
    ttl = float(getattr(settings, "REDRESS_TRIAGE_CACHE_SECONDS", 30))
    loaded = _state.loaded
    if loaded is not None and time.monotonic() - _state.checked_at < ttl:
        return loaded
    with _state.lock:
        row = _active_row()
        loaded = _state.loaded
        if row is None:
            loaded = Loaded(None, None, None)
        elif loaded is None or (loaded.pk, loaded.artifact) != row:
            loaded = Loaded(row[0], row[1], _load_file(row[1]))
        _state.loaded, _state.checked_at = loaded, time.monotonic()
    return loaded


def _load_file(artifact: str) -> TriageModel | None:
    # lazy: numpy, scipy and joblib load with the first model, not at every process start
    from redress.triage.ml.triage_model import TriageModel

    path = artifact_path(artifact)
    try:
        return TriageModel.load(path)
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError) as exc:
        logger.error("Triage model %s cannot be loaded (%s); triage falls back to rules only.", path, exc)
        return None


def thresholds() -> Thresholds:
    # lazy: the engine loads numpy, which a process that never triages need not pay for
    from redress.triage.ml.engine import Thresholds

    return Thresholds(
        urgent=float(getattr(settings, "REDRESS_TRIAGE_URGENT_THRESHOLD", 0.5)),
        flag=float(getattr(settings, "REDRESS_TRIAGE_FLAG_THRESHOLD", 0.5)),
        max_chars=int(getattr(settings, "REDRESS_TRIAGE_MAX_CHARS", 10_000)),
    )


def current_triage() -> tuple[Triage, int | None]:
    """The triage of this moment, and the pk of the model version behind it (None: rules only)."""
    # lazy: the engine loads numpy, which a process that never triages need not pay for
    from redress.triage.ml.engine import Triage

    loaded = active_model()
    return Triage(loaded.model, current_ruleset(), thresholds()), (loaded.pk if loaded.model is not None else None)


def warm_in_background() -> threading.Thread:
    """Load the active model in a thread now, so that a web process's first registration does not wait
    for it (called when a web process starts; a registration meanwhile waits on the same lock, never loads
    twice). Rules-only (no model) is fine too; a failure is logged and the first registration loads it."""

    def run() -> None:
        try:
            active_model()
        except Exception:
            logger.exception("Loading the triage model at start failed; the first registration will load it.")
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run, name="triage-warm", daemon=True)
    thread.start()
    return thread
