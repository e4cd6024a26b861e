"""Per-label precision, recall, F1 and confusion matrices of the triage against labelled texts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redress.triage.ml.corpus import Gold
from redress.triage.ml.engine import Suggestion, Triage
from redress.triage.taxonomy import FLAGS

LABELS = ("business", "product", "is_complaint", "urgent", "language")


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def categorical(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Per-class P/R/F1 with support, macro averages, accuracy and the confusion matrix (rows: gold)."""
    classes = sorted(set(gold) | set(predicted))
    index = {c: i for i, c in enumerate(classes)}
    matrix = [[0] * len(classes) for _ in classes]
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g]][index[p]] += 1
    per_class: dict[str, dict[str, float]] = {}
    for c, i in index.items():
        tp = matrix[i][i]
        fp = sum(matrix[r][i] for r in range(len(classes))) - tp
        fn = sum(matrix[i]) - tp
        per_class[c] = {**_prf(tp, fp, fn), "support": sum(matrix[i])}
    present = [c for c in classes if per_class[c]["support"] > 0]
    correct = sum(matrix[i][i] for i in range(len(classes)))
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro": {
            k: round(sum(per_class[c][k] for c in present) / len(present), 4) if present else 0.0
            for k in ("precision", "recall", "f1")
        },
        "per_class": per_class,
        "classes": classes,
        "confusion": matrix,
    }


def binary(gold: Sequence[bool], predicted: Sequence[bool]) -> dict[str, Any]:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    tn = len(gold) - tp - fp - fn
    return {
        "n": len(gold),
        "accuracy": round((tp + tn) / len(gold), 4) if gold else 0.0,
        **_prf(tp, fp, fn),
        "support": tp + fn,
        "classes": ["false", "true"],
        "confusion": [[tn, fp], [fn, tp]],
    }


def flags_report(gold: Sequence[list[str]], predicted: Sequence[list[str]]) -> dict[str, Any]:
    """Each flag's precision, recall and F1, with its support (texts that have it) and how often it was raised.

    A figure with nothing to measure is None, not 0: precision of a flag never raised, recall (and F1) of a
    flag no text has. The macro average is over the flags some text has.
    """
    per_flag: dict[str, dict[str, float | int | None]] = {}
    for flag in FLAGS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if flag in g and flag in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if flag not in g and flag in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if flag in g and flag not in p)
        figures: dict[str, float | int | None] = {**_prf(tp, fp, fn), "support": tp + fn, "predicted": tp + fp}
        if tp + fp == 0:
            figures["precision"] = None
        if tp + fn == 0:
            figures["recall"] = figures["f1"] = None
        per_flag[flag] = figures
    present = [r for r in per_flag.values() if r["support"]]
    macro = {
        k: round(sum(float(r[k] or 0.0) for r in present) / len(present), 4) if present else None
        for k in ("precision", "recall", "f1")
    }
    exact = sum(1 for g, p in zip(gold, predicted, strict=True) if set(g) == set(p))
    return {
        "n": len(gold),
        "exact_match": round(exact / len(gold), 4) if gold else 0.0,
        "macro": macro,
        "per_flag": per_flag,
    }


def evaluate(triage: Triage, items: Sequence[Gold], *, batch: int = 256) -> dict[str, Any]:
    """Run the triage on labelled texts; the figures of every label the texts carry."""
    predictions: list[Suggestion] = []
    for start in range(0, len(items), batch):
        predictions.extend(triage.predict_many([g.text for g in items[start : start + batch]]))
    report: dict[str, Any] = {"n": len(items)}
    for name in LABELS:
        pairs = [(g.labels[name], p) for g, p in zip(items, predictions, strict=True) if name in g.labels]
        if not pairs:
            continue
        if name in ("is_complaint", "urgent"):
            report[name] = binary([bool(g) for g, _ in pairs], [bool(getattr(p, name)) for _, p in pairs])
        else:
            report[name] = categorical([str(g) for g, _ in pairs], [str(getattr(p, name)) for _, p in pairs])
    flag_pairs = [
        (list(g.labels["flags"]), p.flags) for g, p in zip(items, predictions, strict=True) if "flags" in g.labels
    ]
    if flag_pairs:
        report["flags"] = flags_report([g for g, _ in flag_pairs], [p for _, p in flag_pairs])
    return report


def headline(report: dict[str, Any]) -> dict[str, float]:
    """The few figures the targets name (for the model version's metrics and the bench)."""
    out: dict[str, float] = {}
    if "business" in report:
        out["business_accuracy"] = report["business"]["accuracy"]
        out["business_macro_f1"] = report["business"]["macro"]["f1"]
    if "product" in report:
        out["product_macro_f1"] = report["product"]["macro"]["f1"]
        out["product_accuracy"] = report["product"]["accuracy"]
    if "is_complaint" in report:
        out["is_complaint_accuracy"] = report["is_complaint"]["accuracy"]
    if "urgent" in report:
        out["urgent_recall"] = report["urgent"]["recall"]
        out["urgent_precision"] = report["urgent"]["precision"]
    return out


def format_report(report: dict[str, Any]) -> str:
    """The report as text: one table per label, then its confusion matrix."""
    lines = [f"texts: {report['n']}"]
    for name in LABELS:
        section = report.get(name)
        if section is None:
            continue
        lines.append("")
        if "per_class" in section:
            lines.append(f"== {name}  (accuracy {section['accuracy']:.4f}, macro F1 {section['macro']['f1']:.4f})")
            width = max(len(c) for c in section["classes"] + ["class"])
            lines.append(f"{'class':<{width}}  precision  recall      f1  support")
            for c in section["classes"]:
                r = section["per_class"][c]
                lines.append(
                    f"{c:<{width}}  {r['precision']:9.4f}  {r['recall']:6.4f}  {r['f1']:6.4f}  {r['support']:7d}"
                )
            m = section["macro"]
            lines.append(f"{'macro avg':<{width}}  {m['precision']:9.4f}  {m['recall']:6.4f}  {m['f1']:6.4f}")
        else:
            lines.append(f"== {name}  (accuracy {section['accuracy']:.4f})")
            lines.append("class  precision  recall      f1  support")
            lines.append(
                f"true   {section['precision']:9.4f}  {section['recall']:6.4f}  {section['f1']:6.4f}  "
                f"{section['support']:7d}"
            )
        lines.append(_matrix(section["classes"], section["confusion"]))
    flags = report.get("flags")
    if flags:
        lines.append("")
        lines.append(f"== flags  (exact match {flags['exact_match']:.4f}; — : nothing to measure)")
        lines.append("flag           precision  recall      f1  support  predicted")
        for flag, r in flags["per_flag"].items():
            lines.append(
                f"{flag:<14} {_figure(r['precision']):>9}  {_figure(r['recall']):>6}  {_figure(r['f1']):>6}  "
                f"{r['support']:7d}  {r['predicted']:9d}"
            )
        m = flags["macro"]
        lines.append(
            f"macro avg (flags with support)  {_figure(m['precision'])}  {_figure(m['recall'])}  {_figure(m['f1'])}"
        )
    return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def _matrix(classes: list[str], matrix: list[list[int]]) -> str:
    """Columns are numbered like the rows (class names can be long)."""
    width = max(4, *(len(str(v)) for row in matrix for v in row))
    label = max(len(c) for c in classes) + 5
    rows = ["confusion (rows: gold; columns: predicted, numbered as the rows)"]
    rows.append(" " * label + " ".join(f"{i:>{width}d}" for i in range(len(classes))))
    for i, (c, row) in enumerate(zip(classes, matrix, strict=True)):
        rows.append(f"{i:>3d} {c:<{label - 4}}" + " ".join(f"{v:>{width}d}" for v in row))
    return "\n".join(rows)
