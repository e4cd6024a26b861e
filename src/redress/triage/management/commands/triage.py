"""redress triage predict | train | evaluate | activate | versions

predict            JSON lines {"id", "text"} on stdin → one JSON line per input on stdout
train              a new model version from the bootstrap data and the complaints staff triaged
train --bootstrap  the shipped bootstrap model: our own texts + the public sets only (reproducible)
train --if-missing only when the active version cannot be loaded (upgrades that change the features),
                   or no model at all can be (a fresh home uses the shipped one: nothing to do)
build-model        the bootstrap model shipped with the package (`make model`), without a database
evaluate FILE      per-label precision/recall/F1 and confusion matrices (JSON lines with gold labels,
                   or a CFPB CSV/JSON such as the holdout)
activate N         use version N (roll back or forward); `activate none`: rules only
versions           the stored versions with their figures
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.core.errors import ApplicationError
from redress.triage import runtime
from redress.triage.ml.corpus import read_gold
from redress.triage.ml.engine import Triage
from redress.triage.ml.evaluation import evaluate, format_report, headline
from redress.triage.ml.triage_model import TriageModel
from redress.triage.models import TriageModelVersion
from redress.triage.rules import current_ruleset
from redress.triage.services import activate_version, deactivate_all

# What json.dumps(obj, ensure_ascii=False) makes, without building an encoder for every line.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


class Command(BaseCommand):
    help = __doc__
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)

        predict = sub.add_parser("predict", help="triage JSON lines from stdin")
        predict.add_argument("--input", help="read this file instead of stdin")
        predict.add_argument("--batch", type=int, default=256)
        predict.add_argument("--rules-only", action="store_true", help="ignore the model")

        train = sub.add_parser("train", help="train a new model version")
        train.add_argument("--bootstrap", action="store_true", help="bootstrap data only (no staff labels)")
        train.add_argument("--staff-only", action="store_true", help="staff labels and our own texts only")
        train.add_argument("--if-missing", action="store_true", help="do nothing when a loadable version is active")
        train.add_argument("--no-activate", action="store_true", help="store the version without using it")
        train.add_argument("--data-dir", help="the shared data folder (default REDRESS_TRIAGE_DATA_DIR)")
        train.add_argument("--evaluate", action="append", default=[], help="also measure on this labelled file")
        train.add_argument("--notes", default="")

        build = sub.add_parser("build-model", help="build the bootstrap model shipped with the package")
        build.add_argument("--output", required=True, help="the .npz file to write (its figures go beside it)")
        build.add_argument("--data-dir", help="the shared data folder (default REDRESS_TRIAGE_DATA_DIR)")

        ev = sub.add_parser("evaluate", help="measure against labelled texts")
        ev.add_argument("file")
        ev.add_argument("--version", help="a version number (default: the active one), or 'rules'")
        ev.add_argument("--json", action="store_true", help="print the report as JSON")

        activate = sub.add_parser("activate", help="use version N")
        activate.add_argument("version", help="the version number, or 'none' for rules only")

        sub.add_parser("versions", help="list the stored versions")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"].replace("-", "_")
        if subcommand in ("train", "activate", "versions"):
            # Asked before any work (training takes minutes): on a home that has not been migrated this
            # raises the DatabaseError that `redress` turns into "run `redress migrate` first".
            TriageModelVersion.objects.exists()
        try:
            getattr(self, f"_{subcommand}")(options)
        except ApplicationError as exc:
            raise CommandError(str(exc.detail)) from exc

    # ----------------------------------------------------------------------- predict

    def _predict(self, options: dict[str, Any]) -> None:
        source: IO[str]
        if options.get("input"):
            source = Path(options["input"]).open(encoding="utf-8")  # noqa: SIM115 - closed below
        else:
            source = options.get("stdin") or sys.stdin
        triage, _ = runtime.current_triage()
        # Everything loaded so far (Django, the model's vocabulary) outlives the input: out of the
        # collector's sight while it is read, so the full collections a long input triggers do not walk
        # it again each time.
        gc.freeze()
        if options["rules_only"]:
            triage = Triage(None, triage.rules, triage.thresholds)
        batch: list[tuple[Any, str]] = []
        try:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                        raise ValueError('each line must be an object with a "text" string')
                except ValueError as exc:
                    self._flush(triage, batch)  # answers stay in the order of the input
                    self._write({"id": None, "line": number, "error": str(exc)})
                    continue
                batch.append((row.get("id"), row["text"]))
                if len(batch) >= options["batch"]:
                    self._flush(triage, batch)
            self._flush(triage, batch)
        finally:
            gc.unfreeze()
            if options.get("input"):
                source.close()

    def _flush(self, triage: Triage, batch: list[tuple[Any, str]]) -> None:
        if not batch:
            return
        encode = _ENCODER.encode
        suggestions = triage.predict_many([t for _, t in batch])
        # One write a batch: the same lines as one write each (no JSON text holds a raw newline).
        self.stdout.write(
            "\n".join([encode(s.as_json(ident)) for (ident, _), s in zip(batch, suggestions, strict=True)])
        )
        batch.clear()

    def _write(self, obj: dict[str, Any]) -> None:
        self.stdout.write(_ENCODER.encode(obj))

    # ----------------------------------------------------------------------- train

    def _train(self, options: dict[str, Any]) -> None:
        # lazy: training loads scikit-learn, which predict, evaluate and activate never need
        from redress.triage.training import train_version

        if options["if_missing"]:
            loaded = runtime.active_model()
            if loaded.model is not None and loaded.artifact != runtime.SHIPPED:
                self.stdout.write("A triage model is active already; nothing to do.")
                return
            if not TriageModelVersion.objects.filter(active=True).exists():
                self.stdout.write("No version is active: triage uses the shipped model (or the rules); nothing to do.")
                return
            # E.g. written before an upgrade changed the features: triage runs on the shipped model meanwhile.
            self.stdout.write("The active triage model cannot be loaded by this version; training a new one.")
        if options["bootstrap"] and options["staff_only"]:
            raise CommandError("Choose --bootstrap or --staff-only, not both.")
        if options["data_dir"]:
            settings.REDRESS_TRIAGE_DATA_DIR = Path(options["data_dir"])
        self.stderr.write("Training the triage model…")
        result = train_version(
            bootstrap=not options["staff_only"],
            staff=not options["bootstrap"],
            activate=not options["no_activate"],
            notes=options["notes"] or ("bootstrap" if options["bootstrap"] else ""),
            evaluate_on=[Path(p) for p in options["evaluate"]],
        )
        v = result.version
        self.stdout.write(
            f"Version {v.version} ({'active' if v.active else 'not active'}): {v.artifact_bytes / 1e6:.1f} MB, "
            f"{result.model.metadata['examples']} texts, {result.model.metadata['features']} features, "
            f"{result.seconds:.1f} s"
        )
        self.stdout.write(f"  sources: {json.dumps(result.model.metadata.get('sources', {}))}")
        for name, figures in v.metrics.items():
            if isinstance(figures, dict) and "headline" in figures:
                self.stdout.write(f"  {name}: " + ", ".join(f"{k} {val:.3f}" for k, val in figures["headline"].items()))

    def _build_model(self, options: dict[str, Any]) -> None:
        # lazy: training loads scikit-learn, which predict, evaluate and activate never need
        from redress.triage.training import build_shipped_model

        root = Path(options["data_dir"]) if options["data_dir"] else None
        self.stderr.write("Building the shipped triage model…")
        figures = build_shipped_model(Path(options["output"]), root=root)
        self.stdout.write(
            f"{options['output']}: {figures['bytes'] / 1e6:.1f} MB, {figures['examples']} texts, "
            f"{figures['features']} features, {figures['seconds']:.1f} s, sha256 {figures['sha256']}"
        )
        self.stdout.write(f"  sources: {json.dumps(figures['sources'])}")
        for name, m in figures["metrics"].items():
            self.stdout.write(f"  {name}: " + ", ".join(f"{k} {val:.3f}" for k, val in m["headline"].items()))

    # ----------------------------------------------------------------------- evaluate

    def _evaluate(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            items = list(read_gold(path))
        except (ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        if not items:
            raise CommandError(f"{path} holds no labelled texts.")
        triage = self._triage_for(options.get("version"))
        started = time.perf_counter()
        report = evaluate(triage, items)
        elapsed = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(json.dumps({"headline": headline(report), "report": report}, ensure_ascii=False))
            return
        model = triage.model
        self.stdout.write(
            f"{path.name}: model {'v' + str(model.version) if model else 'none (rules only)'}, "
            f"{len(items)} texts in {elapsed:.2f} s ({len(items) / elapsed:.0f}/s)"
        )
        self.stdout.write(format_report(report))

    def _triage_for(self, version: str | None) -> Triage:
        rules = current_ruleset()
        if not version:
            triage, _ = runtime.current_triage()
            return triage
        if version == "rules":
            return Triage(None, rules, runtime.thresholds())
        if not version.lstrip("v").isdigit():
            raise CommandError("--version takes a version number or 'rules'.")
        row = TriageModelVersion.objects.filter(version=int(version.lstrip("v"))).first()
        if row is None:
            raise CommandError(f"There is no version {version}.")
        try:
            model = TriageModel.load(runtime.artifact_path(row.artifact), sha256=row.sha256 or None)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Version {row.version} cannot be loaded: {exc}") from exc
        return Triage(model, rules, runtime.thresholds())

    # ----------------------------------------------------------------------- versions

    def _activate(self, options: dict[str, Any]) -> None:
        if options["version"].lower() in ("none", "rules"):
            deactivate_all()
            self.stdout.write("No model version is active: triage uses the rules only.")
            return
        try:
            number = int(options["version"].lstrip("v"))
        except ValueError as exc:
            raise CommandError("Give a version number (e.g. 3) or 'none'.") from exc
        version = activate_version(number)
        self.stdout.write(f"Version {version.version} is active.")

    def _versions(self, options: dict[str, Any]) -> None:
        rows = TriageModelVersion.objects.order_by("version")
        if not rows:
            self.stdout.write("No triage model has been trained yet (rules only).")
        for v in rows:
            figures = "; ".join(
                f"{name}: " + ", ".join(f"{k} {val:.3f}" for k, val in m["headline"].items())
                for name, m in v.metrics.items()
                if isinstance(m, dict) and "headline" in m
            )
            self.stdout.write(
                f"{'*' if v.active else ' '} v{v.version}  {v.created_at:%Y-%m-%d %H:%M}  "
                f"{v.artifact_bytes / 1e6:.1f} MB  {v.notes or '-'}  {figures}"
            )
