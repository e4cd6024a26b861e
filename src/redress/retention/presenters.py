"""Holds and requests as JSON, for the API and the page alike."""

from __future__ import annotations

from typing import Any

from redress.core.api import iso
from redress.retention.models import ErasureRequest, LegalHold


def hold_json(hold: LegalHold) -> dict[str, Any]:
    return {
        "complaint": hold.complaint.reference,
        "reason": hold.reason,
        "set_by": hold.set_by.username,
        "set_at": iso(hold.set_at),
    }


def request_json(request: ErasureRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "identity_kind": request.identity_kind,
        "reason": request.reason,
        "status": request.status,
        "requested_by": request.requested_by.username,
        "requested_at": iso(request.requested_at),
        "decided_by": request.decided_by.username if request.decided_by else None,
        "decided_at": iso(request.decided_at),
        "decision_note": request.decision_note,
        "erased": list(request.result.get("erased", [])),
        "kept": list(request.result.get("kept", [])),
    }
