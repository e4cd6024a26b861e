"""The one write of this app: record that someone was shown a complaint's personal data unmasked."""

from __future__ import annotations

from typing import Any

from redress.access.models import AccessBasis, AccessKind, AccessRecord


def access_record(
    *, user: Any, complaint: Any, what: AccessKind, basis: AccessBasis, reason: str = "", item: str = ""
) -> AccessRecord:
    """One row, one INSERT; the customer by the complaint's blind indexes as they are now."""
    return AccessRecord.objects.create(
        user=user,
        complaint=complaint,
        what=what,
        basis=basis,
        reason=reason,
        item=item,
        phone_index=complaint.phone_index,
        email_index=complaint.email_index,
        id_number_index=complaint.id_number_index,
    )
