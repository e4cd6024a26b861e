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
from redress.triage.model import TriageModel
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
    max_chars: int = 10_000  # the model reads this much of a text (the rules read all of it)


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
        limit = self.thresholds.max_chars
        features = model.transform([t[:limit] for t in texts])
        logits = model.scores(features)
        return [self._combine(text, model, features, logits, row) for row, text in enumerate(texts)]

    # ----------------------------------------------------------------------- with a model

    def _combine(self, text: str, model: TriageModel, features: Any, logits: Any, row: int) -> Suggestion:
        language = detect_language(text)
        hits = self.rules.match(text)
        terms: dict[str, list[str]] = {}
        scores: dict[str, Any] = {}
        confidences: list[float] = []

        business = model.outputs(logits, row, "business")
        business_label = str(business.label) if business is not None else "other"
        if business is not None:
            scores["business"] = round(business.probability, 3)
            confidences.append(business.probability)
            terms["business"] = model.top_terms(features, row, business.column)

        product_label: str | None = None
        if _product_applies(language, text):
            product = model.outputs(logits, row, "product")
            if product is not None:
                product_label = str(product.label)
                scores["product"] = round(product.probability, 3)
                confidences.append(product.probability)
                terms["product"] = model.top_terms(features, row, product.column)

        is_complaint = True
        complaint = model.outputs(logits, row, "is_complaint")
        if complaint is not None:
            is_complaint = bool(complaint.label)
            scores["is_complaint"] = round(complaint.probabilities["true"], 3)
            confidences.append(complaint.probability)
            terms["is_complaint"] = model.top_terms(features, row, complaint.column, sign=complaint.sign)

        rule_flags = {h.flag for h in hits}
        model_flags: set[str] = set()
        flag_out = model.outputs(logits, row, "flags")
        if flag_out is not None:
            head = model.heads["flags"]
            for i, flag in enumerate(head.classes):
                p = flag_out.probabilities[flag]
                if p >= self.thresholds.flag:
                    model_flags.add(flag)
                    if flag not in rule_flags:
                        terms[f"flag:{flag}"] = model.top_terms(features, row, head.start + i, k=3)
            scores["flags"] = {f: round(p, 3) for f, p in flag_out.probabilities.items() if p >= 0.2}

        urgent_out = model.outputs(logits, row, "urgent")
        p_urgent = urgent_out.probabilities["true"] if urgent_out is not None else 0.0
        flags = [f for f in FLAGS if f in rule_flags or f in model_flags]
        urgent = bool(flags) or p_urgent >= self.thresholds.urgent
        if urgent_out is not None:
            scores["urgent"] = round(p_urgent, 3)
            if urgent:
                terms["urgent"] = model.top_terms(features, row, model.heads["urgent"].start)
        if rule_flags:
            urgent_confidence = max(p_urgent, 0.9)
        elif urgent:
            flag_p = flag_out.probabilities if flag_out is not None else {}
            urgent_confidence = max(p_urgent, max((flag_p.get(f, 0.0) for f in model_flags), default=0.0))
        else:
            urgent_confidence = 1.0 - p_urgent
        confidences.append(urgent_confidence)

        explanation: dict[str, Any] = {
            "language": language,
            "model": f"v{model.version}" if model.version is not None else "unsaved",
            "rules": [h.as_dict() for h in hits],
            "terms": {k: v for k, v in terms.items() if v},
            "scores": scores,
        }
        return Suggestion(
            business=business_label,
            product=product_label,
            is_complaint=is_complaint,
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
