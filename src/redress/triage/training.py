"""Build, evaluate and store model versions (which one is in use: services.activate_version)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from redress.core.errors import InvalidInput
from redress.triage import runtime
from redress.triage.datasets import bootstrap_examples, data_dir, staff_examples
from redress.triage.ml.corpus import own_tests, read_gold
from redress.triage.ml.engine import Triage
from redress.triage.ml.evaluation import evaluate, headline
from redress.triage.ml.examples import Example
from redress.triage.ml.fitting import TrainingOptions, train_model
from redress.triage.ml.public_sets import HOLDOUT
from redress.triage.ml.triage_model import TriageModel
from redress.triage.models import TriageModelVersion
from redress.triage.rules import current_ruleset, default_ruleset
from redress.triage.services import activate_version
from redress.triage.taxonomy import SHIPPED_MODEL_NAME


@dataclass
class TrainResult:
    version: TriageModelVersion
    model: TriageModel
    seconds: float


def evaluation_sets(extra: Sequence[Path] = (), *, root: Path | None = None) -> dict[str, list[Any]]:
    """The held-out sets a new version is measured on: our Chinese and English test sets, the CFPB holdout
    if present."""
    sets: dict[str, list[Any]] = dict(own_tests())
    holdout = (data_dir() if root is None else root) / HOLDOUT
    if holdout.exists():
        sets["cfpb_holdout"] = list(read_gold(holdout))
    for path in extra:
        sets[path.name] = list(read_gold(path))
    return sets


def model_metrics(model: TriageModel, sets: dict[str, list[Any]], *, seed_rules: bool = False) -> dict[str, Any]:
    """Each set's report; with `seed_rules`, measured with the rules shipped in the seed (not this database's)."""
    triage = Triage(model, default_ruleset() if seed_rules else current_ruleset(), runtime.thresholds())
    metrics: dict[str, Any] = {}
    for name, items in sets.items():
        report = evaluate(triage, items)
        metrics[name] = {"headline": headline(report), "report": report}
    return metrics


def train_version(
    *,
    bootstrap: bool = True,
    staff: bool = True,
    activate: bool = True,
    examples: Sequence[Example] | None = None,
    options: TrainingOptions | None = None,
    notes: str = "",
    evaluate_on: Sequence[Path] = (),
) -> TrainResult:
    """Train on the bootstrap data and/or the complaints staff triaged; store it as the next version."""
    started = time.perf_counter()
    data: list[Example] = list(examples or [])
    sources: dict[str, int] = {"given": len(data)} if examples else {}
    if bootstrap:
        boot, counts = bootstrap_examples()
        data.extend(boot)
        sources.update(counts)
    if staff:
        staff_rows, counts = staff_examples()
        data.extend(staff_rows)
        sources.update(counts)
    if not data:
        raise InvalidInput({"data": ["There is nothing to train on: no bootstrap data and no triaged complaints."]})
    version_number = (TriageModelVersion.objects.aggregate(n=Max("version"))["n"] or 0) + 1
    model = train_model(
        data,
        metadata={"version": version_number, "sources": sources, "created_at": timezone.now().isoformat()},
        options=options,
    )
    metrics = model_metrics(model, evaluation_sets(evaluate_on))
    metrics["train_seconds"] = round(time.perf_counter() - started, 2)
    model.metadata["metrics"] = {name: m["headline"] for name, m in metrics.items() if isinstance(m, dict)}
    artifact = f"triage-v{version_number}.npz"
    path = runtime.artifact_path(artifact)
    sha = model.save(path)
    training = {k: v for k, v in model.metadata.items() if k not in ("metrics", "labels")}
    with transaction.atomic():
        version = TriageModelVersion.objects.create(
            version=version_number,
            artifact=artifact,
            artifact_bytes=path.stat().st_size,
            sha256=sha,
            metrics=json.loads(json.dumps(metrics)),
            training=json.loads(json.dumps(training, default=str)),
            notes=notes[:500],
        )
        if activate:
            activate_version(version.version)
            version.refresh_from_db()
    return TrainResult(version, model, time.perf_counter() - started)


def build_shipped_model(output: Path, *, root: Path | None = None) -> dict[str, Any]:
    """The bootstrap model that ships with the package: our own texts and the public sets in `root`
    (default REDRESS_TRIAGE_DATA_DIR), no staff labels and no database, written to `output` with its
    evaluation figures beside it (`<name>.json`). The same data gives the same file."""
    started = time.perf_counter()
    data, sources = bootstrap_examples(root)
    if not data:
        raise InvalidInput({"data": ["There is nothing to train on."]})
    # lazy: threadpoolctl comes with scikit-learn, which only training loads
    from threadpoolctl import threadpool_limits

    # One thread: no sum of the solvers (OpenMP, BLAS) in an order that depends on the threads, since the
    # shipped file must come out byte for byte the same (fitting.py sorts the features for the same reason).
    with threadpool_limits(limits=1):
        model = train_model(data, metadata={"version": None, "name": SHIPPED_MODEL_NAME, "sources": sources})
    metrics = model_metrics(model, evaluation_sets(root=root), seed_rules=True)
    model.metadata["metrics"] = {name: m["headline"] for name, m in metrics.items()}
    sha = model.save(output)
    figures = {
        "artifact": output.name,
        "sha256": sha,
        "bytes": output.stat().st_size,
        "examples": model.metadata.get("examples"),
        "features": model.metadata.get("features"),
        "sources": sources,
        "training_data_sha256": model.metadata.get("training_data_sha256"),
        "metrics": json.loads(json.dumps(metrics)),
    }
    output.with_suffix(".json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    figures["seconds"] = round(time.perf_counter() - started, 1)
    return figures
