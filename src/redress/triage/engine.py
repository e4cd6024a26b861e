"""The first assessment of a text: model heads + flag rules → one suggestion with its reasons.

`urgent` = any flag (from a rule, or from the flag model at REDRESS_TRIAGE_FLAG_THRESHOLD) or the
urgent model at REDRESS_TRIAGE_URGENT_THRESHOLD. Without a trained model the rules still raise
flags, a keyword table guesses the business line, and the explanation says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from redress.triage.language import detect_language, han_share, normalize
from redress.triage.model import HeadOutput, TriageModel
from redress.triage.rules import RuleHit, RuleSet
from redress.triage.taxonomy import FLAGS

NO_MODEL_NOTE = (
    "Rules only: no triage model has been trained yet, so the business line comes from a keyword table "
    "and the product is not suggested. Run `redress triage train --bootstrap` to build the model."
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


@dataclass
class Suggestion:
    business: str
    product: str | None
    is_complaint: bool
    urgent: bool
    flags: list[str]
    confidence: float
    explanation: dict[str, Any]
    language: str
    model_version: int | None

    def as_json(self, ident: Any = None) -> dict[str, Any]:
        """The `redress triage predict` line."""
        return {
            "id": ident,
            "business": self.business,
            "product": self.product,
            "is_complaint": self.is_complaint,
            "urgent": self.urgent,
            "flags": self.flags,
            "confidence": self.confidence,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Thresholds:
    urgent: float = 0.5
    flag: float = 0.5
    max_chars: int = 10_000  # the model reads at most this much of a text (and at most its own max_chars)


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
        features = model.transform([t[:limit] for t in texts])
        logits = model.scores(features)
        n = len(texts)
        languages = [detect_language(t) for t in texts]
        with_product = [_product_applies(lang, t) for lang, t in zip(languages, texts, strict=True)]
        # Each head's probabilities for the whole batch, as Python lists (one conversion per head).
        probs: dict[str, list[list[float]]] = {}
        for name in model.heads:
            p = model.probabilities(logits, name)
            if p is not None:
                probs[name] = p.tolist()
        # The answers of the heads that give one (urgent and flags are read off their probabilities).
        outputs: dict[str, list[HeadOutput | None]] = {
            name: [model.output_of(name, row) for row in probs[name]]
            for name in ("business", "product", "is_complaint")
            if name in probs
        }
        none: list[HeadOutput | None] = [None] * n
        business = outputs.get("business", none)
        product = [
            o if applies else None for o, applies in zip(outputs.get("product", none), with_product, strict=True)
        ]
        complaint = outputs.get("is_complaint", none)
        # The explanations of the multiclass and binary heads: one vectorised pass a head.
        explainable = model.explainable(features)
        terms: dict[str, list[list[str]]] = {}
        for name, outs in (("business", business), ("product", product), ("is_complaint", complaint)):
            if name in model.heads:
                terms[name] = model.top_terms_many(
                    explainable, [o.column if o else -1 for o in outs], [o.sign if o else 1.0 for o in outs]
                )
        hits = [self.rules.match(t) for t in texts]
        flag_head = model.heads.get("flags")
        flag_probs = probs.get("flags")
        model_flags: list[set[str]] = [set() for _ in range(n)]
        if flag_head is not None and flag_probs is not None:
            for row, values in enumerate(flag_probs):
                model_flags[row] = {
                    f for f, v in zip(flag_head.classes, values, strict=True) if v >= self.thresholds.flag
                }
        urgent_p = [row[0] for row in probs["urgent"]] if "urgent" in probs else [0.0] * n
        urgent = [bool(hits[row] or model_flags[row]) or urgent_p[row] >= self.thresholds.urgent for row in range(n)]
        if "urgent" in model.heads:
            start = model.heads["urgent"].start
            terms["urgent"] = model.top_terms_many(explainable, [start if u else -1 for u in urgent], [1.0] * n)
        flag_terms: dict[str, list[list[str]]] = {}
        if flag_head is not None:
            for i, flag in enumerate(flag_head.classes):
                wanted = [
                    flag_head.start + i if flag in model_flags[row] and all(h.flag != flag for h in hits[row]) else -1
                    for row in range(n)
                ]
                if any(c >= 0 for c in wanted):
                    flag_terms[flag] = model.top_terms_many(explainable, wanted, [1.0] * n, k=3)
        return [
            self._combine(
                row,
                model,
                languages[row],
                hits[row],
                business[row],
                product[row],
                complaint[row],
                flag_probs[row] if flag_probs is not None else None,
                model_flags[row],
                urgent_p[row] if "urgent" in probs else None,
                urgent[row],
                {name: rows[row] for name, rows in terms.items()},
                {f"flag:{flag}": rows[row] for flag, rows in flag_terms.items()},
            )
            for row in range(n)
        ]

    # ----------------------------------------------------------------------- with a model

    def _combine(
        self,
        row: int,
        model: TriageModel,
        language: str,
        hits: list[RuleHit],
        business: HeadOutput | None,
        product: HeadOutput | None,
        complaint: HeadOutput | None,
        flag_probabilities: list[float] | None,
        model_flags: set[str],
        p_urgent: float | None,
        urgent: bool,
        head_terms: dict[str, list[str]],
        flag_terms: dict[str, list[str]],
    ) -> Suggestion:
        scores: dict[str, Any] = {}
        confidences: list[float] = []
        terms: dict[str, list[str]] = {}
        if business is not None:
            scores["business"] = round(business.probability, 3)
            confidences.append(business.probability)
            terms["business"] = head_terms.get("business", [])
        if product is not None:
            scores["product"] = round(product.probability, 3)
            confidences.append(product.probability)
            terms["product"] = head_terms.get("product", [])
        if complaint is not None:
            scores["is_complaint"] = round(complaint.probabilities["true"], 3)
            confidences.append(complaint.probability)
            terms["is_complaint"] = head_terms.get("is_complaint", [])
        rule_flags = {h.flag for h in hits}
        if flag_probabilities is not None:
            classes = model.heads["flags"].classes
            terms.update(flag_terms)
            scores["flags"] = {f: round(p, 3) for f, p in zip(classes, flag_probabilities, strict=True) if p >= 0.2}
        flags = [f for f in FLAGS if f in rule_flags or f in model_flags]
        p = p_urgent or 0.0
        if p_urgent is not None:
            scores["urgent"] = round(p, 3)
            if urgent:
                terms["urgent"] = head_terms.get("urgent", [])
        if rule_flags:
            urgent_confidence = max(p, 0.9)
        elif urgent:
            flag_p = (
                dict(zip(model.heads["flags"].classes, flag_probabilities, strict=True)) if flag_probabilities else {}
            )
            urgent_confidence = max(p, max((flag_p.get(f, 0.0) for f in model_flags), default=0.0))
        else:
            urgent_confidence = 1.0 - p
        confidences.append(urgent_confidence)
        explanation: dict[str, Any] = {
            "language": language,
            "model": f"v{model.version}" if model.version is not None else "unsaved",
            "rules": [h.as_dict() for h in hits],
            "terms": {k: v for k, v in terms.items() if v},
            "scores": scores,
        }
        return Suggestion(
            business=str(business.label) if business is not None else "other",
            product=str(product.label) if product is not None else None,
            is_complaint=bool(complaint.label) if complaint is not None else True,
            urgent=urgent,
            flags=flags,
            confidence=round(min(confidences), 3) if confidences else 0.0,
            explanation=explanation,
            language=language,
            model_version=model.version,
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
        flags = [f for f in FLAGS if any(h.flag == f for h in hits)]
        return Suggestion(
            business=business,
            product=None,
            is_complaint=not question,
            urgent=bool(flags),
            flags=flags,
            confidence=0.3,
            explanation={
                "language": language,
                "model": None,
                "note": NO_MODEL_NOTE,
                "rules": [h.as_dict() for h in hits],
                "terms": {"business": business_terms} if business_terms else {},
                "scores": {},
            },
            language=language,
            model_version=None,
        )
