"""The first assessment of a text: model heads + flag rules → one suggestion with its reasons.

Urgency counts only for complaints: a text that is one gets `urgent` = any flag (from a rule, or from
the flag model at REDRESS_TRIAGE_FLAG_THRESHOLD) or the urgent model at REDRESS_TRIAGE_URGENT_THRESHOLD;
a question or request (about fraud alerts, a large balance, a late parent's account) gets no flag and
is not urgent — the rules it matched are kept in the explanation as `set_aside`. Without a model (staff
chose rules only) the rules still raise flags, a keyword table guesses the business line, and the
explanation says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from redress.triage.ml.language import detect_language, han_share, normalize
from redress.triage.ml.matching import RuleHit, RuleSet
from redress.triage.ml.suggestion import Suggestion
from redress.triage.ml.triage_model import TriageModel
from redress.triage.taxonomy import FLAGS

NO_MODEL_NOTE = (
    "Rules only: no triage model is in use, so the business line comes from a keyword table "
    "and the product is not suggested. `redress triage activate N` uses version N again."
)

# The keyword table of the rules-only mode (Simplified; Traditional text is folded first).
_FALLBACK_BUSINESS: dict[str, tuple[str, ...]] = {
    "bank_card": ("信用卡", "银行卡", "借记卡", "储蓄卡", "年费", "刷卡", "额度", "分期", "credit card", "debit card"),
    "loan": ("贷款", "房贷", "车贷", "借款", "还款", "利率", "催收", "mortgage", "loan", "debt collect"),
    "payment": ("转账", "汇款", "支付", "扫码", "代扣", "手机银行", "网银", "transfer", "payment", "wire"),
    "savings": ("存款", "定期", "活期", "取款", "销户", "开户", "存折", "checking", "savings", "deposit"),
    "credit_reporting": ("征信", "信用报告", "逾期记录", "credit report", "credit bureau", "equifax"),
    "personal_info": ("个人信息", "信息泄露", "泄露", "骚扰电话", "隐私", "privacy", "personal data"),
    "wealth": ("理财", "基金", "保险", "净值", "保本", "收益", "investment", "fund"),
    "rmb_management": ("残损", "零钱", "硬币", "假币", "拒收现金", "现金兑换", "counterfeit"),
    "forex": ("外汇", "购汇", "结汇", "外币", "美元", "境外汇款", "foreign exchange", "currency exchange"),
}
_QUESTION = re.compile(r"[?？]\s*$|请问|怎么|如何|能否|是否可以|吗[?？]?$|^(how|what|can i|could you|is it|do you)\b")
_DISSATISFIED = re.compile(r"投诉|不满|要求|赔偿|退还|退回|太差|气愤|无法接受|complain|refund|unacceptable|demand")


@dataclass(frozen=True)
class Thresholds:
    urgent: float = 0.5
    flag: float = 0.5
    max_chars: int = 10_000  # the model reads at most this much of a text (and at most its own max_chars)
    # Below this is_complaint probability a text is not weighed for urgency (no flag): a question about fraud
    # alerts is not urgent. Lower than 0.5, so that a terse report ("not me, freeze it!") still counts.
    complaint_for_urgency: float = 0.4


def _product_applies(language: str, text: str) -> bool:
    """CFPB products describe English (US) complaints: suggest one for English text only."""
    return language == "en" or (language == "mixed" and han_share(text) < 0.5)


class Triage:
    """Model (optional) + rules. Thread-safe: holds no per-call state."""

    def __init__(self, model: TriageModel | None, rules: RuleSet, thresholds: Thresholds | None = None) -> None:
        self.model = model
        self.rules = rules
        self.thresholds = thresholds or Thresholds()

    def predict(self, text: str) -> Suggestion:
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[Suggestion]:
        if self.model is None:
            return [self._rules_only(text) for text in texts]
        model = self.model
        limit = min(self.thresholds.max_chars, model.max_chars)
        features = model.rows([t[:limit] for t in texts])
        batch = self._read(model, texts, model.scores(features))
        terms, flag_terms = _explain(model, features, batch)
        version = model.version
        model_name = f"v{version}" if version is not None else str(model.metadata.get("name", "unsaved"))
        return [_suggestion(batch, terms, flag_terms, row, model_name, version) for row in range(len(texts))]

    def _read(self, model: TriageModel, texts: Sequence[str], logits: np.ndarray[Any, Any]) -> _Batch:
        """The heads' answers and the rules' hits for the whole batch, as Python lists (one conversion per
        head and quantity); a class is the first of the largest probabilities (numpy's argmax)."""
        heads = model.heads
        n = len(texts)
        languages = [detect_language(t) for t in texts]
        best: dict[str, tuple[list[str], list[float], list[int]]] = {}
        for name in ("business", "product"):
            p = model.probabilities(logits, name)
            if p is not None:
                head = heads[name]
                index = p.argmax(axis=1)
                best[name] = (
                    [head.classes[i] for i in index.tolist()],
                    p[np.arange(n), index].tolist(),
                    (index + head.start).tolist(),
                )
        p = model.probabilities(logits, "is_complaint")
        complaint_p = p[:, 0].tolist() if p is not None else None
        p = model.probabilities(logits, "urgent")
        urgent_p = p[:, 0].tolist() if p is not None else None
        flag_head = heads.get("flags")
        p = model.probabilities(logits, "flags")
        flag_probs: list[list[float]] | None = p.tolist() if p is not None else None
        model_flags: list[set[str]] = [set() for _ in range(n)]
        if flag_head is not None and flag_probs is not None:
            threshold = self.thresholds.flag
            model_flags = [
                {f for f, v in zip(flag_head.classes, values, strict=True) if v >= threshold} for values in flag_probs
            ]
        gate = self.thresholds.complaint_for_urgency
        complaint = [p >= gate for p in complaint_p] if complaint_p is not None else [True] * n
        matched = [self.rules.match(t) for t in texts]
        hits = [m if is_one else [] for m, is_one in zip(matched, complaint, strict=True)]
        set_aside = [[] if is_one else m for m, is_one in zip(matched, complaint, strict=True)]
        model_flags = [flags if complaint[row] else set() for row, flags in enumerate(model_flags)]
        urgent_threshold = self.thresholds.urgent
        urgent = [
            complaint[row]
            and (
                bool(hits[row] or model_flags[row])
                or (urgent_p[row] if urgent_p is not None else 0.0) >= urgent_threshold
            )
            for row in range(n)
        ]
        # A text the model nearly took for a complaint (between the gate and 0.5) is one when it is urgent.
        is_complaint = [
            (complaint_p[row] >= 0.5 or urgent[row]) if complaint_p is not None else True for row in range(n)
        ]
        return _Batch(
            languages=languages,
            with_product=[_product_applies(lang, t) for lang, t in zip(languages, texts, strict=True)],
            business=best.get("business"),
            product=best.get("product"),
            complaint_p=complaint_p,
            urgent_p=urgent_p,
            flag_classes=flag_head.classes if flag_head is not None else [],
            flag_start=flag_head.start if flag_head is not None else -1,
            flag_probs=flag_probs,
            model_flags=model_flags,
            is_complaint=is_complaint,
            hits=hits,
            set_aside=set_aside,
            urgent=urgent,
        )

    # ----------------------------------------------------------------------- rules only

    def _rules_only(self, text: str) -> Suggestion:
        language = detect_language(text)
        hits: list[RuleHit] = self.rules.match(text)
        folded = normalize(text)
        counts = {code: sum(folded.count(k) for k in keys) for code, keys in _FALLBACK_BUSINESS.items()}
        best = max(counts, key=lambda code: counts[code])
        business = best if counts[best] > 0 else "other"
        business_terms = [k for k in _FALLBACK_BUSINESS.get(business, ()) if k in folded]
        question = bool(_QUESTION.search(folded.strip())) and not _DISSATISFIED.search(folded)
        set_aside, hits = (hits, []) if question else ([], hits)
        flags = [f for f in FLAGS if any(h.flag == f for h in hits)]
        explanation: dict[str, Any] = {
            "language": language,
            "model": None,
            "note": NO_MODEL_NOTE,
            "rules": [h.as_dict() for h in hits],
            "terms": {"business": business_terms} if business_terms else {},
            "scores": {},
        }
        if set_aside:
            explanation["set_aside"] = [h.as_dict() for h in set_aside]
        return Suggestion(
            business=business,
            product=None,
            is_complaint=not question,
            urgent=bool(flags),
            flags=flags,
            confidence=0.3,
            explanation=explanation,
            language=language,
            model_version=None,
        )


@dataclass
class _Batch:
    """What `predict_many` read for a batch, one list entry a text."""

    languages: list[str]
    with_product: list[bool]  # a CFPB product is suggested (English text)
    business: tuple[list[str], list[float], list[int]] | None  # class, probability, weight column
    product: tuple[list[str], list[float], list[int]] | None
    complaint_p: list[float] | None
    is_complaint: list[bool]
    urgent_p: list[float] | None
    flag_classes: list[str]
    flag_start: int  # the flag head's first weight column (-1: no flag head)
    flag_probs: list[list[float]] | None
    model_flags: list[set[str]]  # flags the model raises (at the flag threshold)
    hits: list[list[RuleHit]]  # the rules' hits on texts that are complaints
    set_aside: list[list[RuleHit]]  # the rules' hits on texts that are not: no flag, not urgent
    urgent: list[bool]


def _explain(
    model: TriageModel, features: Any, batch: _Batch
) -> tuple[dict[str, list[list[str]]], list[tuple[str, list[list[str]]]]]:
    """The n-grams behind each head's answer: one vectorised pass a head, over the entries of the batch
    worth showing. Returns the terms by head, and by `flag:<name>` for the flags only the model raised."""
    n = len(batch.languages)
    heads = model.heads
    explainable = model.explainable(features)
    terms: dict[str, list[list[str]]] = {}
    for name, best in (("business", batch.business), ("product", batch.product)):
        if best is not None:
            columns = best[2]
            if name == "product":
                columns = [c if applies else -1 for c, applies in zip(columns, batch.with_product, strict=True)]
            terms[name] = model.top_terms_many(explainable, columns, [1.0] * n)
    if batch.complaint_p is not None:
        start = heads["is_complaint"].start
        signs = [1.0 if v >= 0.5 else -1.0 for v in batch.complaint_p]
        terms["is_complaint"] = model.top_terms_many(explainable, [start] * n, signs)
    if "urgent" in heads:
        start = heads["urgent"].start
        terms["urgent"] = model.top_terms_many(explainable, [start if u else -1 for u in batch.urgent], [1.0] * n)
    flag_terms: list[tuple[str, list[list[str]]]] = []
    for i, flag in enumerate(batch.flag_classes):
        wanted = [
            batch.flag_start + i
            if flag in batch.model_flags[row] and all(h.flag != flag for h in batch.hits[row])
            else -1
            for row in range(n)
        ]
        if any(c >= 0 for c in wanted):
            flag_terms.append((f"flag:{flag}", model.top_terms_many(explainable, wanted, [1.0] * n, k=3)))
    return terms, flag_terms


def _suggestion(
    batch: _Batch,
    terms: dict[str, list[list[str]]],
    flag_terms: list[tuple[str, list[list[str]]]],
    row: int,
    model_name: str,
    version: int | None,
) -> Suggestion:
    """One text's answer; the keys of `scores` and `terms` in the order they have always had (JSON output)."""
    scores: dict[str, Any] = {}
    confidences: list[float] = []
    row_terms: dict[str, list[str]] = {}
    business, product, complaint_p = batch.business, batch.product, batch.complaint_p
    if business is not None:
        bp = business[1][row]
        scores["business"] = round(bp, 3)
        confidences.append(bp)
        if "business" in terms and terms["business"][row]:
            row_terms["business"] = terms["business"][row]
    applies = product is not None and batch.with_product[row]
    if product is not None and applies:
        pp = product[1][row]
        scores["product"] = round(pp, 3)
        confidences.append(pp)
        if "product" in terms and terms["product"][row]:
            row_terms["product"] = terms["product"][row]
    if complaint_p is not None:
        cp = complaint_p[row]
        scores["is_complaint"] = round(cp, 3)
        confidences.append(cp if cp >= 0.5 else 1 - cp)
        if "is_complaint" in terms and terms["is_complaint"][row]:
            row_terms["is_complaint"] = terms["is_complaint"][row]
    row_hits = batch.hits[row]
    rule_flags = {h.flag for h in row_hits}
    row_model_flags = batch.model_flags[row]
    row_flag_p = batch.flag_probs[row] if batch.flag_probs is not None else None
    if row_flag_p is not None:
        for key, flag_rows in flag_terms:
            if flag_rows[row]:
                row_terms[key] = flag_rows[row]
        scores["flags"] = {f: round(v, 3) for f, v in zip(batch.flag_classes, row_flag_p, strict=True) if v >= 0.2}
    flags = [f for f in FLAGS if f in rule_flags or f in row_model_flags]
    is_urgent = batch.urgent[row]
    up = batch.urgent_p[row] if batch.urgent_p is not None else None
    p_urgent = up or 0.0
    if up is not None:
        scores["urgent"] = round(p_urgent, 3)
        if is_urgent and "urgent" in terms and terms["urgent"][row]:
            row_terms["urgent"] = terms["urgent"][row]
    if rule_flags:
        urgent_confidence = max(p_urgent, 0.9)
    elif is_urgent:
        flag_p = dict(zip(batch.flag_classes, row_flag_p, strict=True)) if row_flag_p else {}
        urgent_confidence = max(p_urgent, max((flag_p.get(f, 0.0) for f in row_model_flags), default=0.0))
    else:
        urgent_confidence = 1.0 - p_urgent
    confidences.append(urgent_confidence)
    language = batch.languages[row]
    explanation: dict[str, Any] = {
        "language": language,
        "model": model_name,
        "rules": [h.as_dict() for h in row_hits],
        "terms": row_terms,
        "scores": scores,
    }
    if batch.set_aside[row]:
        explanation["set_aside"] = [h.as_dict() for h in batch.set_aside[row]]
    return Suggestion(
        business=business[0][row] if business is not None else "other",
        product=product[0][row] if product is not None and applies else None,
        is_complaint=batch.is_complaint[row],
        urgent=is_urgent,
        flags=flags,
        confidence=round(min(confidences), 3),
        explanation=explanation,
        language=language,
        model_version=version,
    )
