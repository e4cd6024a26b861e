"""Training and evaluation data: our own texts, the public sets in the shared data folder, staff labels.

Our own Chinese (Simplified and Traditional) and English texts live in `triage/data/` (JSON
arrays, one object a line): `*_train.json` train, `zh_test.json` is the held-out Chinese test set
and is never trained on.
The public sets are read from REDRESS_TRIAGE_DATA_DIR at train time and never copied into the
package. `cfpb_aegis_holdout` there is for evaluation only: `bootstrap_examples` skips it, and
drops any training text that also appears in it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from redress.triage.ml.examples import Example
from redress.triage.taxonomy import FLAGS, PRODUCT_BUSINESS, current_product

OWN_DATA = Path(__file__).resolve().parent / "data"
OWN_TRAIN_FILES = ("zh_train.json", "en_train.json")
OWN_TEST_FILE = OWN_DATA / "zh_test.json"
HOLDOUT = "cfpb_aegis_holdout/cfpb_sample.json"

# Source weights: our own labelled texts count most; proxies for a label count less.
WEIGHTS = {
    "own": 3.0,
    "cfpb": 0.5,
    "fincorp": 0.5,
    "unionpay": 0.25,
    "ccf": 0.25,
    "ccb": 0.5,
}
# The CFPB samples are mostly credit reporting, collection and payday loans: at most this many
# narratives a product. 200 rather than 400 by 4-fold cross-validation of the product head on the
# training narratives (bench/triage_cv.py --cap, 6 runs: 3 fold draws and 3 other draws of the capped
# narratives): macro-F1 0.703 at 200 against 0.689 at 400 (0.671 at 800; 150, 250, 300: 0.69-0.70).
CAP_PER_PRODUCT = 200
# The product head is the average of heads trained on this many draws of the capped narratives
# (bagging): 4-fold cross-validation, 5 draws against 1, macro-F1 +0.011 (3 fold draws).
PRODUCT_DRAWS = 5
SEED = 20181101  # JR/T 0169-2018's date: any fixed number keeps the bootstrap reproducible

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def data_dir() -> Path:
    return Path(getattr(settings, "REDRESS_TRIAGE_DATA_DIR", ""))


def _key(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()


# The holdout keeps narratives of 200 characters or more, cut at 7,000: a training narrative that
# begins as a holdout narrative does (its first 200 characters, spaces and case folded) is the same
# complaint, and is dropped with the exact copies.
PREFIX = 200


def _prefix_key(text: str) -> str:
    return "prefix:" + _key(" ".join(text.split())[:PREFIX])


def _held_out(text: str, exclude: set[str]) -> bool:
    return _key(text) in exclude or _prefix_key(text) in exclude


# --------------------------------------------------------------------------- labelled JSON lines


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


# --------------------------------------------------------------------------- the public sets


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)


def _narrative(row: dict[str, str]) -> str:
    text = (row.get("Consumer complaint narrative") or "").strip()
    return "" if text == "None" else text


# The public samples, in the order the bootstrap has always read them (the order fixes the draw of
# the capped narratives); then any other CSV in the CFPB export's columns in a `cfpb_*` folder.
CFPB_SAMPLES = (
    "cfpb_ziyuyan9/complaints_sample.csv",
    "cfpb_ujjwal260/complaints_sample.csv",
    "cfpb_kaiburr4_nagakoushik24/complaints_sample.csv",
    "cfpb_payday_seunnna/payday_complaints_2023.csv",
    "cfpb_payday_seunnna/payday_complaints_2025.csv",
)


def cfpb_files(root: Path) -> list[Path]:
    """The CFPB narratives to train on: the known samples first, then e.g. a fresh export of the database."""
    known = [root / name for name in CFPB_SAMPLES]
    return known + sorted(path for path in root.glob("cfpb_*/*.csv") if path not in known)


def cfpb_pools(root: Path, exclude: set[str]) -> dict[str, list[str]]:
    """Every usable CFPB narrative, by current product, once each, in file order."""
    by_product: dict[str, list[str]] = {}
    seen: set[str] = set()
    for path in cfpb_files(root):
        if not path.exists():
            continue
        for row in _csv_rows(path):
            text = _narrative(row)
            product = current_product(row.get("Product", ""), row.get("Sub-product", "") or "")
            key = _key(text)
            if len(text) < 40 or product is None or key in seen or _held_out(text, exclude):
                continue
            seen.add(key)
            by_product.setdefault(product, []).append(text)
    return by_product


def cfpb_draw(product: str, texts: list[str], draw: int = 0) -> list[str]:
    """At most CAP_PER_PRODUCT of a product's narratives, drawn with a seed of the product's own (so
    narratives added to or dropped from one product leave the other products' draws as they were)."""
    seed = f"{SEED}:{product}" if draw == 0 else f"{SEED}:{product}:{draw}"
    drawn = list(texts)
    random.Random(seed).shuffle(drawn)  # noqa: S311 - a reproducible sample, not a secret
    return drawn[:CAP_PER_PRODUCT]


def cfpb_examples(root: Path, exclude: set[str]) -> list[Example]:
    """CFPB narratives labelled with the current product name (and the business line it belongs to).

    Draw 0 is learnt from by every head; draws 1 to PRODUCT_DRAWS - 1 (product label only) by the
    product head alone, one head a draw, averaged: the narratives beyond the cap count too, and no
    product outweighs the others (see `model.Example.draw`)."""
    examples: list[Example] = []
    for product, texts in sorted(cfpb_pools(root, exclude).items()):
        for i, text in enumerate(cfpb_draw(product, texts)):
            examples.append(
                Example(
                    text=text,
                    business=PRODUCT_BUSINESS[product],
                    product=product,
                    # every narrative is a complaint; a few of them are enough to say so
                    is_complaint=True if i < 150 else None,
                    weight=WEIGHTS["cfpb"],
                    source="cfpb",
                    draw=0,
                )
            )
        for draw in range(1, PRODUCT_DRAWS):
            examples.extend(
                Example(text=text, product=product, weight=WEIGHTS["cfpb"], source="cfpb", draw=draw)
                for text in cfpb_draw(product, texts, draw)
            )
    return examples


_FINCORP_BUSINESS = {
    "credit card": "bank_card",
    "debit card": "bank_card",
    "atm": "bank_card",
    "loan": "loan",
    "mortgage": "loan",
    "interest rate": "loan",
    "transaction failure": "payment",
    "transaction fail": "payment",
    "transaction": "payment",
    "refund": "payment",
    "netbanking": "payment",
    "financial apps": "payment",
    "consumer transaction complaints": "payment",
    "stocks and investment": "wealth",
    "stock": "wealth",
    "retail banking": "savings",
    "salary": "savings",
}


def fincorp_examples(root: Path) -> list[Example]:
    """English tweets: complaint or not, and a business line from the domain. They hold PII: never shown."""
    path = root / "fincorp_tweets_en/FINCORP.csv"
    if not path.exists():
        return []
    examples: list[Example] = []
    for row in _csv_rows(path):
        text = (row.get("Complaint/ Opinion") or "").strip()
        label = (row.get("Complaint Label") or "").strip()
        if not text or label not in ("0", "1"):
            continue
        examples.append(
            Example(
                text=text,
                business=_FINCORP_BUSINESS.get((row.get("Domain") or "").strip().lower()),
                is_complaint=label == "1",
                weight=WEIGHTS["fincorp"],
                source="fincorp",
            )
        )
    return examples


_UNIONPAY_BUSINESS = {
    "在线支付": "payment",
    "手机支付": "payment",
    "银联钱包": "payment",
    "二维码": "payment",
    "公共事业缴费": "payment",
    "ITUNES": "payment",
    "征信": "credit_reporting",
    "信用卡还款": "bank_card",
    "基本业务": "bank_card",
    "白金业务": "bank_card",
    "跨境业务": "bank_card",
    "跨境内卡": "bank_card",
}


def unionpay_examples(root: Path) -> list[Example]:
    """Customer-service questions: not complaints; the topic gives a business line."""
    path = root / "unionpay_faq_zh/unionpay_faq.jsonl"
    if not path.exists():
        return []
    examples: list[Example] = []
    seen: set[str] = set()
    for row in read_jsonl_loose(path):
        text = str(row.get("question") or "").strip()
        if len(text) < 4 or text in seen:
            continue
        seen.add(text)
        parts = str(row.get("subject") or "").split("_")
        area = parts[1] if len(parts) > 1 else ""
        examples.append(
            Example(
                text=text,
                business=_UNIONPAY_BUSINESS.get(area),
                is_complaint=False,
                weight=WEIGHTS["unionpay"],
                source="unionpay",
            )
        )
    return examples


def read_jsonl_loose(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                if isinstance(row, dict):
                    yield row


def ccf_examples(root: Path) -> list[Example]:
    """Bank-product forum remarks: the negative ones read as complaints, a sample of neutral ones does not."""
    path = root / "ccf_bdci2021_bank_reviews_zh/train_data_public.csv"
    if not path.exists():
        return []
    negative: list[str] = []
    neutral: list[str] = []
    for row in _csv_rows(path):
        text = (row.get("text") or "").strip()
        if len(text) < 8:
            continue
        if row.get("class") == "0":
            negative.append(text)
        elif row.get("class") == "2":
            neutral.append(text)
    rng = random.Random(SEED)  # noqa: S311 - a reproducible sample, not a secret
    rng.shuffle(neutral)
    return [Example(text=t, is_complaint=True, weight=WEIGHTS["ccf"], source="ccf") for t in sorted(set(negative))] + [
        Example(text=t, is_complaint=False, weight=WEIGHTS["ccf"], source="ccf") for t in neutral[:800]
    ]


_CCB_BUSINESS = {
    "信用卡": "bank_card",
    "银行卡": "bank_card",
    "储蓄卡": "savings",
    "贷款": "loan",
    "网银手机银行": "payment",
    "线上购物": "payment",
    "信息数据": "personal_info",
}


def ccb_examples(root: Path) -> list[Example]:
    path = root / "ccb_short_sentences_zh/short_sentences_220421.csv"
    if not path.exists():
        return []
    return [
        Example(text=row["text"], business=_CCB_BUSINESS[row["class1"]], weight=WEIGHTS["ccb"], source="ccb")
        for row in _csv_rows(path)
        if row.get("class1") in _CCB_BUSINESS and len(row.get("text") or "") >= 4
    ]


def holdout_keys(root: Path) -> set[str]:
    """The holdout's narratives, whole and by their beginning (see `_prefix_key`)."""
    path = root / HOLDOUT
    if not path.exists():
        return set()
    texts = [str(item.get("text", "")) for item in json.loads(path.read_text(encoding="utf-8"))]
    return {_key(text) for text in texts} | {_prefix_key(text) for text in texts if len(text.strip()) >= PREFIX}


def bootstrap_examples(root: Path | None = None) -> tuple[list[Example], dict[str, int]]:
    """Our own training texts plus the public sets that are present (none: our texts alone)."""
    root = data_dir() if root is None else root
    examples = own_examples()
    sources: dict[str, int] = {"own": len(examples)}
    if root and root.is_dir():
        exclude = holdout_keys(root) | {_key(g.text) for g in own_test()}
        for name, loader in (
            ("cfpb", lambda: cfpb_examples(root, exclude)),
            ("fincorp", lambda: fincorp_examples(root)),
            ("unionpay", lambda: unionpay_examples(root)),
            ("ccf", lambda: ccf_examples(root)),
            ("ccb", lambda: ccb_examples(root)),
        ):
            loaded = [e for e in loader() if not _held_out(e.text, exclude)]
            sources[name] = sum(1 for e in loaded if not e.draw)
            if any(e.draw for e in loaded):
                sources[f"{name}_other_draws"] = sum(1 for e in loaded if e.draw)
            examples.extend(loaded)
    return examples, sources


# --------------------------------------------------------------------------- staff labels


def staff_examples() -> tuple[list[Example], dict[str, int]]:
    """Complaints staff triaged: their final labels, weighted up, more so where staff corrected the suggestion."""
    from redress.audit.models import Event
    from redress.complaints.models import Complaint
    from redress.triage.taxonomy import PRODUCTS

    base = float(getattr(settings, "REDRESS_TRIAGE_STAFF_WEIGHT", 2.0))
    corrected = float(getattr(settings, "REDRESS_TRIAGE_CORRECTION_WEIGHT", 4.0))
    changed_ids = set(
        Event.objects.filter(kind="triage", data__suggestion_changed=True).values_list("complaint_id", flat=True)
    )
    rows = (
        Complaint.objects.filter(events__kind="triage")
        .distinct()
        .values_list("pk", "description", "desired_outcome", "business", "product", "urgent", "is_complaint")
        .order_by("pk")
    )
    examples: list[Example] = []
    for pk, description, desired, business, product, urgent, is_complaint in rows.iterator(chunk_size=2000):
        text = "\n".join(p for p in (description, desired) if p)
        if not text.strip():
            continue
        examples.append(
            Example(
                text=text,
                business=business or None,
                product=product if product in PRODUCTS else None,
                is_complaint=is_complaint,
                urgent=bool(urgent),
                weight=corrected if pk in changed_ids else base,
                source="staff",
            )
        )
    return examples, {"staff": len(examples), "staff_corrected": sum(1 for e in examples if e.weight == corrected)}


# --------------------------------------------------------------------------- evaluation files


def own_test() -> list[Gold]:
    return list(read_gold(OWN_TEST_FILE)) if OWN_TEST_FILE.exists() else []


def read_gold(path: Path) -> Iterable[Gold]:
    """Labelled texts from JSON lines ({"id", "text", labels…}), a CFPB CSV, or a CFPB-style JSON array."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        for i, row in enumerate(_csv_rows(path), start=1):
            text = _narrative(row)
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
