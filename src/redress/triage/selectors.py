"""Reads of triage for pages: the suggestion of a complaint, with its labels in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from redress.codes import selectors as codes
from redress.privacy.masking import text_mask
from redress.triage.models import TriageModelVersion, TriageSuggestion
from redress.triage.runtime import shipped_model_path
from redress.triage.taxonomy import BUSINESS_CODES, FLAGS, SHIPPED_MODEL_NAME
from redress.triage.wording import whole_words

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from redress.complaints.models import Complaint

# The seed business lines and the flags, as gettext messages (lines an admin adds show their own names).
BUSINESS_LABELS: dict[str, Promise] = {
    "savings": _("RMB savings and deposits"),
    "loan": _("Loans"),
    "bank_card": _("Bank cards"),
    "payment": _("Payment and settlement"),
    "personal_info": _("Personal financial information"),
    "credit_reporting": _("Credit reporting"),
    "wealth": _("Wealth management and agency sales"),
    "rmb_management": _("RMB cash management"),
    "forex": _("Foreign exchange"),
    "other": _("Other"),
}
FLAG_DISPLAY: dict[str, Promise] = {
    "fraud": _("Suspected fraud or stolen funds"),
    "regulator": _("Threatens to go to the regulator"),
    "media": _("Threatens to go to the press or social media"),
    "legal": _("Threatens legal action"),
    "vulnerable": _("Vulnerable customer"),
    "mass": _("Many people affected"),
    "large_amount": _("Large amount"),
}
# The heading of a complaint's flags (the model field's name, capitalised: "Flags", 标记).
FLAGS_LABEL: Promise = capfirst(_("flags"))
TERM_LABELS: dict[str, Promise] = {
    "business": _("Business line"),
    "product": _("Product"),
    "is_complaint": _("Complaint or enquiry"),
    "urgent": _("Urgent"),
}
assert set(BUSINESS_LABELS) == set(BUSINESS_CODES)


@dataclass
class SuggestionView:
    """What the complaint page shows of the first assessment."""

    business: str
    business_label: str
    product: str
    is_complaint: bool
    urgent: bool
    flags: list[tuple[str, str]]  # (code, label)
    confidence: float
    model_version: int | None
    rules_only: bool
    shipped: bool  # by the bootstrap model that comes with redress (no version trained here yet)
    model_now: bool = False  # rules only then, though a model is in use now (registered before it was ready)
    reasons: list[tuple[str, list[str]]] = field(default_factory=list)  # (what, the words that drove it)
    rules: list[dict[str, str]] = field(default_factory=list)
    language: str = ""
    set_aside: list[str] = field(default_factory=list)  # flags the rules saw in a text that is not a complaint


def business_label(code: str) -> str:
    if code in BUSINESS_LABELS:
        return str(BUSINESS_LABELS[code])
    return codes.label("business", code)


def flag_label(code: str) -> str:
    """A flag in the reader's language (a code the taxonomy no longer has: as it is)."""
    return str(FLAG_DISPLAY.get(code, code))


def flag_labels(codes: Sequence[str]) -> list[str]:
    return [flag_label(code) for code in codes]


def flag_choices() -> list[tuple[str, Promise]]:
    """(code, label) of every flag, in the taxonomy's order: the choices of the forms."""
    return [(code, FLAG_DISPLAY.get(code, _(code))) for code in FLAGS]


def suggestion_for(complaint: Complaint) -> TriageSuggestion | None:
    """The stored suggestion of a complaint (None: registered before triage, or triage was off)."""
    try:
        return complaint.triage_suggestion
    except TriageSuggestion.DoesNotExist:
        return None


def model_in_use() -> bool:
    """Whether triage suggests with a model now: an active version, or the shipped one while none is trained."""
    if TriageModelVersion.objects.filter(active=True).exists():
        return True
    shipped = shipped_model_path()
    return not TriageModelVersion.objects.exists() and shipped is not None and shipped.exists()


def _masked_text(text: str, complaint: Complaint, mask: Any) -> str | None:
    """The text as this reader sees it (None: in full)."""
    if mask is None:
        mask = text_mask(complaint, unmasked=False)  # the panel without a mask shows less, never more
    return str(mask.text(text)) if mask else None


def suggestion_view(complaint: Complaint, mask: Any = None) -> SuggestionView | None:
    """The stored suggestion in words. `mask`: the reader's `TextMask` (None: masked); a word the panel
    quotes is widened from the complaint's text, so for a masked reader a word that is not whole in the
    masked text (a name, a number the scrubber hides) is left out rather than shown."""
    s = suggestion_for(complaint)
    if s is None:
        return None
    explanation: dict[str, Any] = s.explanation or {}
    terms: dict[str, list[str]] = explanation.get("terms") or {}
    reasons: list[tuple[str, list[str]]] = []
    text = "\n".join(part for part in (complaint.description, complaint.desired_outcome) if part)
    masked = _masked_text(text, complaint, mask)
    for key, found in terms.items():
        words = [w for w in whole_words([str(w) for w in found or []], text) if masked is None or w in masked]
        if not words:
            continue
        label = FLAG_DISPLAY.get(key[5:], key[5:]) if key.startswith("flag:") else TERM_LABELS.get(key, key)
        reasons.append((str(label), words))
    return SuggestionView(
        business=s.business,
        business_label=business_label(s.business),
        product=s.product,
        is_complaint=s.is_complaint,
        urgent=s.urgent,
        flags=[(f, str(FLAG_DISPLAY.get(f, f))) for f in s.flags],
        confidence=s.confidence,
        model_version=s.model_version.version if s.model_version_id and s.model_version else None,
        rules_only=explanation.get("model") is None,
        model_now=explanation.get("model") is None and model_in_use(),
        shipped=explanation.get("model") == SHIPPED_MODEL_NAME,
        reasons=reasons,
        rules=[
            {
                "flag": str(FLAG_DISPLAY.get(str(r.get("flag")), r.get("flag", ""))),
                "rule": str(r.get("rule", "")),
                "match": str(r.get("match", "")),
            }
            for r in explanation.get("rules") or []
        ],
        language=s.language,
        set_aside=list(
            dict.fromkeys(
                str(FLAG_DISPLAY.get(str(r.get("flag")), r.get("flag", ""))) for r in explanation.get("set_aside") or []
            )
        ),
    )


def suggested_flags(ids: Sequence[int]) -> dict[int, list[str]]:
    """complaint id -> the flags of its first assessment (vulnerable, fraud, …)."""
    return dict(TriageSuggestion.objects.filter(complaint_id__in=ids).values_list("complaint_id", "flags"))
