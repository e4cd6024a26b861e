"""Writes of retention: the purge, legal holds, customers' erasure requests. One transaction per complaint,
its row locked, every step on the complaint's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import Role, User
from redress.audit.services import event_append
from redress.complaints.models import Complaint
from redress.complaints.services.actor import actor_for
from redress.complaints.workflow import SYSTEM_ACTOR, Actor
from redress.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from redress.deadlines.policies import retention_date
from redress.privacy.blind_index import blind_index
from redress.retention import selectors
from redress.retention.erase import complaint_erase
from redress.retention.models import ErasureRequest, ErasureWhy, IdentityKind, LegalHold, RequestStatus

REQUESTERS = {Role.INTAKE_AGENT, Role.MANAGER, Role.COMPLIANCE}


@dataclass
class PurgeReport:
    dry_run: bool
    erased: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)


def retention_purge(*, today: date | None = None, dry_run: bool = False) -> PurgeReport:
    """Erase every ended complaint kept past its `retain_until`, except those on legal hold (listed).
    Run again, it finds nothing more: an erased complaint is not a candidate."""
    today = today or timezone.localdate()
    report = PurgeReport(dry_run=dry_run)
    report.held = list(selectors.purge_candidates(today=today, held=True).values_list("reference", flat=True))
    for pk, reference in selectors.purge_candidates(today=today, held=False).values_list("pk", "reference"):
        if dry_run:
            report.erased.append(reference)
            continue
        with transaction.atomic():
            # Checked again under the lock: a hold set (or an erasure done) since the list was read wins.
            complaint = selectors.purge_candidates(today=today, held=False).select_for_update(of=("self",))
            found = complaint.filter(pk=pk).first()
            if found is None:
                continue
            complaint_erase(complaint=found, why=ErasureWhy.RETENTION, actor=SYSTEM_ACTOR)
            report.erased.append(reference)
    return report


def _compliance(user: User) -> Actor:
    if user.role != Role.COMPLIANCE:
        raise Forbidden(_("Only compliance may do this."), code="not_compliance")
    return actor_for(user)


def _locked(reference: str) -> Complaint:
    complaint = Complaint.objects.select_for_update(of=("self",)).filter(reference=reference).first()
    if complaint is None:
        raise NotFound(_("No complaint %(reference)s that you may see.") % {"reference": reference})
    return complaint


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput({"reason": [_("Give the reason.")]})
    return reason


def legal_hold_set(*, user: User, reference: str, reason: str) -> LegalHold:
    actor = _compliance(user)
    reason = _reason(reason)
    with transaction.atomic():
        complaint = _locked(reference)
        if LegalHold.objects.filter(complaint=complaint).exists():
            raise Conflict(_("The complaint is already on legal hold."), code="already_held")
        hold = LegalHold.objects.create(complaint=complaint, reason=reason, set_by=user)
        event_append(complaint=complaint, kind="legal_hold_set", actor=actor, data={"reason": reason})
    return hold


def legal_hold_clear(*, user: User, reference: str, reason: str) -> None:
    actor = _compliance(user)
    reason = _reason(reason)
    with transaction.atomic():
        complaint = _locked(reference)
        if not LegalHold.objects.filter(complaint=complaint).delete()[0]:
            raise Conflict(_("The complaint is not on legal hold."), code="not_held")
        event_append(complaint=complaint, kind="legal_hold_cleared", actor=actor, data={"reason": reason})


def erasure_request_create(*, user: User, identity_kind: str, identity_value: str, reason: str) -> ErasureRequest:
    """Record a customer's request; every complaint of theirs gets it on its timeline. Nothing is erased yet."""
    if user.role not in REQUESTERS:
        raise Forbidden(_("You may not record erasure requests."), code="forbidden")
    if identity_kind not in IdentityKind.values:
        raise InvalidInput({"identity_kind": [_("Choose phone, email or id_number.")]})
    if not identity_value.strip():
        raise InvalidInput({"identity_value": [_("Give the customer's phone, e-mail or ID number.")]})
    reason = _reason(reason)
    index = blind_index(identity_kind, identity_value)  # type: ignore[arg-type]
    with transaction.atomic():
        complaints = list(selectors.customer_complaints(identity_kind, index).select_for_update(of=("self",)))
        if not complaints:
            raise InvalidInput({"identity_value": [_("No complaint of a customer with this identity.")]})
        request = ErasureRequest.objects.create(
            identity_kind=identity_kind, identity_index=index, reason=reason, requested_by=user
        )
        for complaint in complaints:
            event_append(
                complaint=complaint,
                kind="erasure_requested",
                actor=actor_for(user),
                data={"request": request.pk, "reason": reason},
            )
    return request


def _pending(request_id: int) -> ErasureRequest:
    request = ErasureRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise NotFound(_("No erasure request %(id)s.") % {"id": request_id})
    if request.status != RequestStatus.PENDING:
        raise Conflict(_("The request was decided already."), code="already_decided")
    return request


def kept_because(complaint: Complaint, today: date) -> tuple[str, date | None] | None:
    """Why a complaint may not be erased on request (code, until), or None: it may."""
    if hasattr(complaint, "legal_hold"):
        return "legal_hold", None
    if complaint.is_open:
        return "open", None
    until = complaint.retain_until or retention_date(complaint)
    if until >= today:  # the regulator's record-keeping period (REGULATION §8) outweighs the request
        return "record_keeping", until
    return None


def erasure_request_approve(*, user: User, request_id: int, note: str = "") -> ErasureRequest:
    """Four eyes: a compliance user who did not record it. Complaints on hold, open, or still within the
    record-keeping period are kept (each with why); the others are erased now."""
    actor = _compliance(user)
    today = timezone.localdate()
    with transaction.atomic():
        request = _pending(request_id)
        if request.requested_by_id == user.pk:
            raise Forbidden(
                _("A second person must approve the request: not the one who recorded it."), code="four_eyes"
            )
        complaints = selectors.customer_complaints(request.identity_kind, request.identity_index)
        erased: list[str] = []
        kept: list[dict[str, str | None]] = []
        for complaint in complaints.select_related("legal_hold", "erasure").select_for_update(of=("self",)):
            if hasattr(complaint, "erasure"):
                continue
            why = kept_because(complaint, today)
            if why is None:
                outcome: dict[str, object] = {"request": request.pk, "outcome": "erased", "note": note}
            else:
                kept.append(
                    {"reference": complaint.reference, "why": why[0], "until": why[1].isoformat() if why[1] else None}
                )
                outcome = {"request": request.pk, "outcome": "kept", "kept_because": why[0], "until": why[1]}
            event_append(complaint=complaint, kind="erasure_approved", actor=actor, data=outcome)
            if why is None:
                complaint_erase(complaint=complaint, why=ErasureWhy.REQUEST, actor=actor, request=request)
                erased.append(complaint.reference)
        request.status = RequestStatus.DONE if erased else RequestStatus.REFUSED
        request.decided_by, request.decided_at, request.decision_note = user, timezone.now(), note
        request.result = {"erased": erased, "kept": kept}
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "result"])
    return request


def erasure_request_reject(*, user: User, request_id: int, reason: str) -> ErasureRequest:
    actor = _compliance(user)
    reason = _reason(reason)
    with transaction.atomic():
        request = _pending(request_id)
        for complaint in selectors.customer_complaints(request.identity_kind, request.identity_index).select_for_update(
            of=("self",)
        ):
            event_append(
                complaint=complaint,
                kind="erasure_rejected",
                actor=actor,
                data={"request": request.pk, "reason": reason},
            )
        request.status, request.decided_by, request.decided_at = RequestStatus.REJECTED, user, timezone.now()
        request.decision_note = reason
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return request
