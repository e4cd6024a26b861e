"""A training text and its labels, and the fingerprint of a training set."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Example:
    """One training text and whatever labels it has (None: unknown for this text)."""

    text: str
    business: str | None = None
    product: str | None = None
    is_complaint: bool | None = None
    urgent: bool | None = None
    flags: list[str] | None = None
    weight: float = 1.0
    source: str = ""
    # For narratives drawn from a larger pool (CFPB, capped a product): 0 is the draw every head
    # learns from; 1, 2, … are other draws, which only the product head learns from, one head per
    # draw, averaged (bagging). None: not drawn (learnt from by every head and every draw).
    draw: int | None = None


def examples_hash(examples: Sequence[Example]) -> str:
    """A fingerprint of the training data (texts, labels, weights), independent of order."""
    lines = sorted(
        f"{e.text}\x1f{e.business}\x1f{e.product}\x1f{e.is_complaint}\x1f{e.urgent}\x1f{e.flags}\x1f{e.weight:.4f}"
        + (f"\x1f{e.draw}" if e.draw is not None else "")  # (texts that are not drawn hash as before)
        for e in examples
    )
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()
