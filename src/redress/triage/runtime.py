"""The model in use in this process: loaded once, reloaded when another version is activated.

A home where no version has been trained yet uses the bootstrap model shipped with the package
(`make model` builds it); so does a home whose active version cannot be read (e.g. written by an
older redress). Rules alone apply only where staff chose it (`redress triage activate none`:
versions exist, none active).

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

if TYPE_CHECKING:  # numpy and scipy load on first use, not at every process start
    from redress.triage.ml.engine import Thresholds, Triage
    from redress.triage.ml.triage_model import TriageModel

logger = logging.getLogger(__name__)


def model_dir() -> Path:
    return Path(getattr(settings, "REDRESS_TRIAGE_MODEL_DIR", settings.HOME / "triage"))


SHIPPED = "shipped"  # `Loaded.artifact` of the shipped bootstrap model
RULES_ONLY = "rules"


def shipped_model_path() -> Path | None:
    """The bootstrap model that comes with the package (`make model` builds it); REDRESS_TRIAGE_SHIPPED_MODEL
    names another file, or none ("": rules only until a version is trained)."""
    chosen = getattr(settings, "REDRESS_TRIAGE_SHIPPED_MODEL", None)
    if chosen is not None:
        return Path(chosen) if str(chosen) else None
    return Path(__file__).resolve().parent / "model" / "bootstrap.npz"


def artifact_path(artifact: str) -> Path:
    path = Path(artifact)
    return path if path.is_absolute() else model_dir() / path


@dataclass
class Loaded:
    pk: int | None
    artifact: str | None
    model: TriageModel | None
    source: object = None  # what was asked for: the active version's (pk, artifact), or SHIPPED / RULES_ONLY


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded: Loaded | None = None
        self.checked_at = 0.0
        self.warming: threading.Thread | None = None  # the start-up load of warm_in_background


_state = _State()
# The shipped model read once per process (forget() in tests drops the choice, not this file's contents).
_shipped: dict[tuple[str, int], TriageModel] = {}


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


def _active_row() -> tuple[int, str, str] | str:
    """The active version (pk, artifact, sha256); RULES_ONLY: versions exist but none is active;
    SHIPPED: no version yet, or no table yet."""
    try:
        row = TriageModelVersion.objects.filter(active=True).values_list("pk", "artifact", "sha256").first()
        if row is None:
            return RULES_ONLY if TriageModelVersion.objects.exists() else SHIPPED
    except DatabaseError:
        return SHIPPED  # no table yet (predict before migrate)
    return (int(row[0]), str(row[1]), str(row[2]))


def active_model() -> Loaded:
    """The active model (model None: rules only, chosen by staff, or no model can be read)."""
    ttl = float(getattr(settings, "REDRESS_TRIAGE_CACHE_SECONDS", 30))
    loaded = _state.loaded
    if loaded is not None and time.monotonic() - _state.checked_at < ttl:
        return loaded
    with _state.lock:
        row = _active_row()
        loaded = _state.loaded
        source = row if isinstance(row, str) else row[:2]
        if loaded is not None and loaded.source == source:
            pass
        elif row == RULES_ONLY:
            loaded = Loaded(None, None, None, source)
        elif isinstance(row, str):
            loaded = Loaded(None, SHIPPED, _load_shipped(), source)
        else:
            model = _load_file(row[1], row[2])
            # An active version that cannot be read (an older format, a changed file): the shipped model.
            loaded = Loaded(row[0], row[1], model, source) if model else Loaded(None, SHIPPED, _load_shipped(), source)
        _state.loaded, _state.checked_at = loaded, time.monotonic()
    return loaded


def _load_file(artifact: str, sha256: str = "") -> TriageModel | None:
    # lazy: numpy and scipy load with the first model, not at every process start
    from redress.triage.ml.triage_model import TriageModel

    path = artifact_path(artifact)
    try:
        return TriageModel.load(path, sha256=sha256 or None)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.error("Triage model %s cannot be loaded (%s); triage uses the shipped model.", path, exc)
        return None


def _load_shipped() -> TriageModel | None:
    # lazy: numpy and scipy load with the first model, not at every process start
    from redress.triage.ml.triage_model import TriageModel

    path = shipped_model_path()
    if path is None:
        return None
    try:
        key = (str(path), path.stat().st_mtime_ns)
        model = _shipped.get(key)
        if model is None:
            model = TriageModel.load(path)
            _shipped.clear()
            _shipped[key] = model
        return model
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.error("The shipped triage model %s cannot be loaded (%s); triage uses the rules only.", path, exc)
        return None


def thresholds() -> Thresholds:
    # lazy: the engine loads numpy, which a process that never triages need not pay for
    from redress.triage.ml.engine import Thresholds

    return Thresholds(
        urgent=float(getattr(settings, "REDRESS_TRIAGE_URGENT_THRESHOLD", 0.5)),
        flag=float(getattr(settings, "REDRESS_TRIAGE_FLAG_THRESHOLD", 0.5)),
        max_chars=int(getattr(settings, "REDRESS_TRIAGE_MAX_CHARS", 10_000)),
        complaint_for_urgency=float(getattr(settings, "REDRESS_TRIAGE_COMPLAINT_FOR_URGENCY", 0.4)),
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
    _state.warming = thread
    thread.start()
    return thread


def load_before_fork() -> Loaded:
    """Load the active model in this thread, once a start-up load already running has ended: in the master of a
    server that forks its web processes after loading the application (gunicorn's `preload_app`, see
    config/gunicorn.py), so that they share the model's memory instead of each loading its own.

    Leaves no thread of this module running. A version activated later is loaded by each web process on its
    own (within REDRESS_TRIAGE_CACHE_SECONDS), and by the master before it forks the next one."""
    thread, _state.warming = _state.warming, None
    if thread is not None:
        thread.join()
    # The word cutter of the triage panel's explanations too (a second to read its dictionary): shared as well.
    from redress.triage.wording import warm

    warm()
    return active_model()
