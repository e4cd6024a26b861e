"""A text's first assessment, as triage gives it (a module of its own: no numpy, so that a process asking the
text service for it need not load the model's libraries)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


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

    def as_dict(self) -> dict[str, Any]:
        """Every field, as JSON can carry it (the text service's answer); `Suggestion(**d)` reads it back."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # shallow: the explanation is JSON already
