"""The public sets in the shared data folder, read at train time and never copied into the package.

`cfpb_aegis_holdout` there is for evaluation only: `bootstrap_examples` skips it, and drops any
training text that also appears in it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from redress.triage.ml.corpus import WEIGHTS, cfpb_narrative, csv_rows, own_examples, own_test
from redress.triage.ml.examples import Example
from redress.triage.taxonomy import PRODUCT_BUSINESS, current_product

HOLDOUT = "cfpb_aegis_holdout/cfpb_sample.json"

# The CFPB samples are mostly credit reporting, collection and payday loans: at most this many
# narratives a product (chosen by cross-validation of the product head: `bench/triage_cv.py --cap`).
CAP_PER_PRODUCT = 200
# The product head is the average of heads trained on this many draws of the capped narratives
# (bagging; chosen by cross-validation of the product head).
PRODUCT_DRAWS = 5
SEED = 20181101  # JR/T 0169-2018's date: any fixed number keeps the bootstrap reproducible


def text_key(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()


# The holdout keeps narratives of 200 characters or more, cut at 7,000: a training narrative that
# begins as a holdout narrative does (its first 200 characters, spaces and case folded) is the same
# complaint, and is dropped with the exact copies.
PREFIX = 200


def _prefix_key(text: str) -> str:
    return "prefix:" + text_key(" ".join(text.split())[:PREFIX])


def _held_out(text: str, exclude: set[str]) -> bool:
    return text_key(text) in exclude or _prefix_key(text) in exclude


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
        for row in csv_rows(path):
            text = cfpb_narrative(row)
            product = current_product(row.get("Product", ""), row.get("Sub-product", "") or "")
            key = text_key(text)
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
    product outweighs the others (see `Example.draw`)."""
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


# The tweets' handles and e-mail addresses name people: replaced before training, so that no model
# (the one shipped with the package above all) holds them in its vocabulary or shows them as reasons.
_HANDLE = re.compile(r"(?:[\w.+-]+)?@\w[\w.-]*")


def fincorp_examples(root: Path) -> list[Example]:
    """English tweets: complaint or not, and a business line from the domain. They hold PII: never shown."""
    path = root / "fincorp_tweets_en/FINCORP.csv"
    if not path.exists():
        return []
    examples: list[Example] = []
    for row in csv_rows(path):
        text = _HANDLE.sub("@mention", (row.get("Complaint/ Opinion") or "").strip())
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
    for row in csv_rows(path):
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
        for row in csv_rows(path)
        if row.get("class1") in _CCB_BUSINESS and len(row.get("text") or "") >= 4
    ]


def holdout_keys(root: Path) -> set[str]:
    """The holdout's narratives, whole and by their beginning (see `_prefix_key`)."""
    path = root / HOLDOUT
    if not path.exists():
        return set()
    texts = [str(item.get("text", "")) for item in json.loads(path.read_text(encoding="utf-8"))]
    return {text_key(text) for text in texts} | {_prefix_key(text) for text in texts if len(text.strip()) >= PREFIX}


def bootstrap_examples(root: Path) -> tuple[list[Example], dict[str, int]]:
    """Our own training texts plus the public sets in `root` that are present (none: our texts alone)."""
    examples = own_examples()
    sources: dict[str, int] = {"own": len(examples)}
    if root and root.is_dir():
        exclude = holdout_keys(root) | {text_key(g.text) for g in own_test()}
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
