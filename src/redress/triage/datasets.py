"""The training data of a model version: the bootstrap (our own texts and the public sets in
REDRESS_TRIAGE_DATA_DIR, see ml/public_sets.py) and the complaints staff triaged."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from redress.audit.models import Event
from redress.codes import selectors as codes
from redress.complaints.models import Complaint
from redress.triage.flags import ordered_flags
from redress.triage.ml import public_sets
from redress.triage.ml.examples import Example
from redress.triage.taxonomy import PRODUCTS


def data_dir() -> Path:
    return Path(getattr(settings, "REDRESS_TRIAGE_DATA_DIR", ""))


def bootstrap_examples(root: Path | None = None) -> tuple[list[Example], dict[str, int]]:
    """Our own training texts plus the public sets present in `root` (default REDRESS_TRIAGE_DATA_DIR)."""
    return public_sets.bootstrap_examples(data_dir() if root is None else root)


def staff_examples() -> tuple[list[Example], dict[str, int]]:
    """Complaints staff triaged: their final labels, weighted up, more so where staff corrected the suggestion.

    The flags are a label only where staff decided them: the `triage` event names them (it does since the
    action takes them). A complaint triaged before carries the first assessment's flags, which no one
    confirmed: its flags are unknown (None), not "no flag".
    """
    base = float(getattr(settings, "REDRESS_TRIAGE_STAFF_WEIGHT", 2.0))
    corrected = float(getattr(settings, "REDRESS_TRIAGE_CORRECTION_WEIGHT", 4.0))
    triaged = Event.objects.filter(kind="triage")
    changed_ids = set(triaged.filter(data__suggestion_changed=True).values_list("complaint_id", flat=True))
    flagged_ids = set(triaged.filter(data__has_key="flags").values_list("complaint_id", flat=True))
    rows = (
        Complaint.objects.filter(events__kind="triage")
        .distinct()
        .values_list("pk", "description", "desired_outcome", "business", "product", "urgent", "is_complaint", "flags")
        .order_by("pk")
    )
    examples: list[Example] = []
    for pk, description, desired, business, product, urgent, is_complaint, flags in rows.iterator(chunk_size=2000):
        text = "\n".join(p for p in (description, desired) if p)
        if not text.strip():
            continue
        examples.append(
            Example(
                text=text,
                business=business or None,
                product=_cfpb(product),
                is_complaint=is_complaint,
                urgent=bool(urgent),
                flags=ordered_flags(flags or []) if pk in flagged_ids else None,
                weight=corrected if pk in changed_ids else base,
                source="staff",
            )
        )
    return examples, {"staff": len(examples), "staff_corrected": sum(1 for e in examples if e.weight == corrected)}


def _cfpb(product: str) -> str | None:
    """The model's class for a complaint's product code: the CFPB product it maps to (None: not one)."""
    name = codes.cfpb_product_of(product) or product
    return name if name in PRODUCTS else None
