"""Writes of the intake channels. Every channel registers through `intake_register` → `complaint_register`."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from redress.complaints.extensions import RegistrationExtra
from redress.complaints.models import Complaint
from redress.complaints.services.registration import Registered, Registration, complaint_register_detailed
from redress.complaints.workflow import CUSTOMER_ACTOR, Actor
from redress.intake.models import PossibleDuplicate, TrackingSecret
from redress.intake.normalize import find_possible_duplicates
from redress.privacy.crypto import index_key, index_keys

# Tracking secrets: 16 characters from an alphabet without look-alikes (0/O, 1/I/L): about 78 bits.
_SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 (an alphabet, not a password)
_SECRET_LENGTH = 16


def intake_register(
    *, registration: Registration, actor: Actor = CUSTOMER_ACTOR, idempotency_key: str | None = None
) -> tuple[Complaint, bool, list[str]]:
    """`intake_register_detailed`, as (complaint, created, references of possible duplicates)."""
    done, refs = intake_register_detailed(registration=registration, actor=actor, idempotency_key=idempotency_key)
    return done.complaint, done.created, refs


def intake_register_detailed(
    *, registration: Registration, actor: Actor = CUSTOMER_ACTOR, idempotency_key: str | None = None
) -> tuple[Registered, list[str]]:
    """Register through `complaint_register`, flagging possible duplicates of the same customer.

    Duplicates are flagged by registration itself (`duplicates_flag`, on every channel): nothing is merged.
    """
    done = complaint_register_detailed(
        registration=registration, actor=actor, registered_by=None, idempotency_key=idempotency_key
    )
    refs = list(
        PossibleDuplicate.objects.filter(complaint=done.complaint)
        .order_by("-score", "id")
        .values_list("other__reference", flat=True)
    )
    return done, refs


def duplicates_flag(complaint: Complaint) -> RegistrationExtra:
    """Link the new complaint to earlier ones of the same customer with similar text (`on_register`).

    Returns the references for the registration event (`possible_duplicate_of`); the links are
    `PossibleDuplicate` rows, shown on the complaint page as a banner.
    """
    matches = find_possible_duplicates(
        phone=complaint.customer_phone,
        email=complaint.customer_email,
        id_number=complaint.customer_id_number,
        text=f"{complaint.description}\n{complaint.desired_outcome}".strip(),
        received_at=complaint.received_at,
        exclude=complaint.pk,
    )
    if not matches:
        return RegistrationExtra()
    PossibleDuplicate.objects.bulk_create(
        [
            PossibleDuplicate(complaint=complaint, other=m.complaint, score=m.score, matched_on=m.matched_on)
            for m in matches
        ]
    )
    return RegistrationExtra(data={"possible_duplicate_of": ",".join(m.complaint.reference for m in matches)})


# --- Tracking secrets --------------------------------------------------------------------


def _secret_hash(secret: str, key: bytes | None = None) -> str:
    normalized = "".join(ch for ch in secret.upper() if ch.isalnum())
    return hmac.new(key or index_key(), f"tracking:{normalized}".encode(), hashlib.sha256).hexdigest()


def tracking_secret_issue(complaint: Complaint, *, first: bool = False) -> str:
    """A new random secret for the complaint; only its keyed hash is stored. Show it once.

    `first`: the complaint was just inserted in this transaction (registration), so it has no secret yet and
    one INSERT keeps it; otherwise the secret it has (if any) is replaced.
    """
    raw = "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(_SECRET_LENGTH))
    secret_hash = _secret_hash(raw)
    if first:
        TrackingSecret.objects.create(complaint=complaint, secret_hash=secret_hash)
    else:
        TrackingSecret.objects.update_or_create(complaint=complaint, defaults={"secret_hash": secret_hash})
    return "-".join(raw[i : i + 4] for i in range(0, _SECRET_LENGTH, 4))


def tracking_lookup(*, reference: str, secret: str) -> Complaint | None:
    """The complaint when reference and secret match; None otherwise (the same answer for both)."""
    row = (
        TrackingSecret.objects.select_related("complaint")
        .filter(complaint__reference=reference.strip().upper())
        .first()
    )
    expected = row.secret_hash if row is not None else "0" * 64
    # Under any configured key: a secret hashed before a key rotation works while the old key is kept.
    ok = any([hmac.compare_digest(expected, _secret_hash(secret, key)) for key in index_keys()])
    return row.complaint if row is not None and ok else None
