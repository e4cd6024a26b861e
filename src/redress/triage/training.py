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
from redress.triage.ml.corpus import own_test, read_gold
from redress.triage.ml.engine import Triage
from redress.triage.ml.evaluation import evaluate, headline
from redress.triage.ml.examples import Example
from redress.triage.ml.fitting import TrainingOptions, train_model
from redress.triage.ml.public_sets import HOLDOUT
from redress.triage.ml.triage_model import TriageModel
from redress.triage.models import TriageModelVersion
from redress.triage.rules import current_ruleset
from redress.triage.services import activate_version


@dataclass
class TrainResult:
    version: TriageModelVersion
    model: TriageModel
    seconds: float


def evaluation_sets(extra: Sequence[Path] = ()) -> dict[str, list[Any]]:
    """The held-out sets a new version is measured on: our Chinese test set, the CFPB holdout if present."""
    sets: dict[str, list[Any]] = {}
    zh = own_test()
    if zh:
        sets["zh_test"] = zh
    holdout = data_dir() / HOLDOUT
    if holdout.exists():
        sets["cfpb_holdout"] = list(read_gold(holdout))
    for path in extra:
        sets[path.name] = list(read_gold(path))
    return sets


def model_metrics(model: TriageModel, sets: dict[str, list[Any]]) -> dict[str, Any]:
    triage = Triage(model, current_ruleset(), runtime.thresholds())
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
    artifact = f"triage-v{version_number}.joblib"
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
