"""Our own labelled texts, and labelled files to evaluate on.

Our own Chinese (Simplified and Traditional) and English texts live in `triage/data/` (JSON
arrays, one object a line): `*_train.json` train; `zh_test.json` and `en_test.json` are the held-out
Chinese and English test sets, `zh_fresh_test.json` and `en_fresh_test.json` later fresh ones for urgency
(the rules were then tuned on them), `zh_fresh2_test.json` and `en_fresh2_test.json` written after that
tuning and not tuned on; none is ever trained on. `read_gold` reads any labelled file to
evaluate on: JSON lines, a JSON array, or a CSV in the CFPB export's columns.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redress.triage.ml.examples import Example
from redress.triage.taxonomy import FLAGS, current_product

OWN_DATA = Path(__file__).resolve().parent.parent / "data"
OWN_TRAIN_FILES = ("zh_train.json", "en_train.json")
OWN_TEST_FILES = (
    "zh_test.json",
    "en_test.json",
    "zh_fresh_test.json",
    "en_fresh_test.json",
    "zh_fresh2_test.json",
    "en_fresh2_test.json",
)

# Source weights: our own labelled texts count most; proxies for a label count less.
WEIGHTS = {
    "own": 3.0,
    "cfpb": 0.5,
    "fincorp": 0.5,
    "unionpay": 0.25,
    "ccf": 0.25,
    "ccb": 0.5,
}

# The public data sets' narratives run past the csv module's default field limit. Raised only while
# they are read: the limit is global, and the CFPB import relies on the default one to stop at a quote
# that is never closed.
_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


@dataclass
class Gold:
    """A text with the labels a person gave it (evaluation)."""

    id: Any
    text: str
    labels: dict[str, Any] = field(default_factory=dict)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError(f'{path}:{number}: each line must be an object with a "text"')
            yield row


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Labelled rows from a JSON array (`.json`) or JSON lines (any other name)."""
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list) or not all(isinstance(r, dict) and isinstance(r.get("text"), str) for r in data):
            raise ValueError(f'{path}: expected a JSON array of objects with a "text"')
        return data
    return list(read_jsonl(path))


def example_from_row(row: dict[str, Any], *, weight: float = 1.0, source: str = "own") -> Example:
    flags = row.get("flags")
    urgent = row.get("urgent")
    if flags is not None and urgent is None:
        urgent = bool(flags)
    return Example(
        text=row["text"],
        business=row.get("business") or None,
        product=row.get("product") or None,
        is_complaint=row.get("is_complaint"),
        urgent=urgent,
        flags=[f for f in flags if f in FLAGS] if flags is not None else None,
        weight=float(row.get("weight", weight)),
        source=source,
    )


def own_examples() -> list[Example]:
    examples: list[Example] = []
    for name in OWN_TRAIN_FILES:
        path = OWN_DATA / name
        if path.exists():
            examples.extend(example_from_row(r, weight=WEIGHTS["own"], source=f"own:{name}") for r in read_rows(path))
    return examples


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    previous = csv.field_size_limit(_FIELD_LIMIT)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            yield from csv.DictReader(f)
    finally:
        csv.field_size_limit(previous)


def cfpb_narrative(row: dict[str, str]) -> str:
    text = (row.get("Consumer complaint narrative") or "").strip()
    return "" if text == "None" else text


def own_tests() -> dict[str, list[Gold]]:
    """Our held-out test sets by name (`zh_test`, `en_test`): the ones present."""
    paths = [OWN_DATA / name for name in OWN_TEST_FILES]
    return {path.stem: list(read_gold(path)) for path in paths if path.exists()}


def own_test() -> list[Gold]:
    """Every text of our held-out test sets (kept out of training)."""
    return [gold for items in own_tests().values() for gold in items]


def read_gold(path: Path) -> Iterable[Gold]:
    """Labelled texts from JSON lines ({"id", "text", labels…}), a CFPB CSV, or a CFPB-style JSON array."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        for i, row in enumerate(csv_rows(path), start=1):
            text = cfpb_narrative(row)
            product = current_product(row.get("Product", ""), row.get("Sub-product", "") or "")
            if text and product:
                yield Gold(row.get("Complaint ID") or i, text, {"product": product})
        return
    if suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else data.get("items", [])
        for i, item in enumerate(items, start=1):
            yield _gold_from_json(item, i)
        return
    for i, row in enumerate(read_jsonl(path), start=1):
        yield _gold_from_json(row, i)


def _gold_from_json(item: dict[str, Any], number: int) -> Gold:
    text = str(
        item.get("text")
        or item.get("narrative")
        or item.get("complaint_what_happened")
        or item.get("Consumer complaint narrative")
        or ""
    )
    labels: dict[str, Any] = {}
    product = item.get("product") or item.get("expected_category") or item.get("Product")
    if product:
        labels["product"] = current_product(str(product), str(item.get("sub_product") or "")) or str(product)
    for name in ("business", "is_complaint", "urgent", "flags", "language"):
        if item.get(name) is not None:
            labels[name] = item[name]
    if "flags" in labels and "urgent" not in labels:
        labels["urgent"] = bool(labels["flags"])
    return Gold(item.get("id", number), text, labels)
