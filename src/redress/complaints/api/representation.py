"""The API's answers as dicts, built once per complaint, masking personal data unless the caller may see it.

Their shapes are declared by the output serializers in `serializers.py` (the schema); the tests hold the two
together."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from django.conf import settings

from redress.accounts.models import User
from redress.audit.models import Event
from redress.codes import selectors as codes
from redress.complaints.choices import Status
from redress.complaints.models import Complaint, ResolutionPlan
from redress.complaints.selectors import complaint_allowed_actions, current_plan, may_see_pii, review_candidates
from redress.complaints.services.actor import actor_for
from redress.complaints.services.registration import Registered
from redress.core.api import iso
from redress.correspondence.models import Letter
from redress.correspondence.selectors import complaint_letters, letter_delivery
from redress.deadlines.selectors import clocks_representation, complaint_clocks
from redress.intake.selectors import possible_duplicates
from redress.privacy.masking import TextMask, customer_data, mask_letter_text, mask_name, text_mask
from redress.triage.models import TriageModelVersion, TriageSuggestion
from redress.triage.services import suggestion_representation


def _customer(complaint: Complaint, unmasked: bool) -> dict[str, Any]:
    return {**customer_data(complaint, unmasked=unmasked), "masked": not unmasked}


def complaint_summary(c: Complaint) -> dict[str, Any]:
    """The queue row: no personal data beyond the masked name."""
    return {
        "reference": c.reference,
        "status": c.status,
        "status_label": str(Status(c.status).label),
        "channel": c.channel,
        "product": c.product,
        "business": c.business,
        "reason": c.reason,
        "root_cause": c.root_cause,
        "labels": {
            kind: codes.label(kind, getattr(c, kind)) for kind in ("business", "product", "reason", "root_cause")
        },
        "forwarded_by_regulator": c.forwarded_by_regulator,
        "urgent": c.urgent,
        "flags": list(c.flags or []),
        "jurisdiction": c.jurisdiction,
        "received_at": iso(c.received_at),
        "customer_name": mask_name(c.customer_name),
        "next_due_at": iso(c.next_due_at),
        "assignee": c.assignee.username if c.assignee_id and c.assignee else None,
        "department": c.department.code if c.department_id and c.department else None,
        "match": None,  # a search's (the list view adds it)
    }


def plan_representation(plan: ResolutionPlan | None, mask: TextMask | None = None) -> dict[str, Any] | None:
    """`mask`: the personal data in the plan's texts (summary, descriptions, actions, notes) masked."""
    if plan is None:
        return None
    shown = mask or TextMask(active=False)
    return {
        "version": plan.version,
        "status": plan.status,
        "outcome": plan.outcome,
        "summary": shown.text(plan.summary),
        "currency": plan.currency,
        "total": str(plan.total),
        "redress": [
            {
                "id": i.pk,
                "type": i.type,
                "amount": str(i.amount),
                "currency": i.currency,
                "description": shown.text(i.description),
                "paid_on": i.paid_on.isoformat() if i.paid_on else None,
                "payment_reference": i.payment_reference,
            }
            for i in plan.items.all()
        ],
        "improvements": shown.data(plan.improvements),
        "paid_total": str(sum((i.amount for i in plan.items.all() if i.paid_on), Decimal("0.00"))),
        "approvals_required": plan.approvals_required,
        "compliance_required": plan.compliance_required,
        "proposed_by": plan.proposed_by.username,
        "approvals": [
            {"approver": a.approver.username, "role": a.role, "note": shown.text(a.note), "at": iso(a.approved_at)}
            for a in plan.approvals.all()
        ],
    }


def complaint_detail(
    c: Complaint, user: User, *, reveal: bool = False, registered: Registered | None = None
) -> dict[str, Any]:
    """The complaint as the API shows it. `registered`: what a registration that created `c` just wrote; the
    parts it holds (clocks, suggestion; no plan and no duplicate links yet) are then not read back."""
    known = registered if registered is not None and registered.created and registered.complaint is c else None
    plan = None if known else current_plan(c)
    unmasked = reveal or may_see_pii(c, user)
    mask = text_mask(c, unmasked=unmasked)
    return {
        **complaint_summary(c),
        "customer": _customer(c, unmasked),
        "description": mask.text(c.description),
        "desired_outcome": mask.text(c.desired_outcome),
        "language": c.language,
        "is_complaint": c.is_complaint,
        "registered_at": iso(c.registered_at),
        "named_staff": c.named_staff.username if c.named_staff else None,
        "named_staff_text": c.named_staff_text,
        "call_recording_ref": c.call_recording_ref,
        "narrative_consent": c.narrative_consent,
        "merged_into": c.merged_into.reference if c.merged_into else None,
        "outcome": c.outcome,
        "satisfaction": c.satisfaction,
        "satisfaction_score": c.satisfaction_score,
        "notified_at": iso(c.notified_at),
        "closed_at": iso(c.closed_at),
        "review_window_ends_at": iso(c.review_window_ends_at),
        "previous_handler": c.previous_handler.username if c.previous_handler_id and c.previous_handler else None,
        "review_candidates": [
            {"username": u.username, "name": u.get_full_name(), "seniority": u.seniority}
            for u in (review_candidates(c) if c.status == Status.REVIEW_REQUESTED else [])
        ],
        "archived_at": iso(c.archived_at),
        "resolution": plan_representation(plan, mask),
        "possible_duplicates": [] if known else _duplicates(c),
        "deadlines": [
            {**clock, **{k: iso(clock[k]) for k in ("started_at", "due_at", "warn_at", "met_at")}}
            for clock in (clocks_representation(known.clocks) if known else complaint_clocks(c))
        ],
        "allowed_actions": complaint_allowed_actions(c, actor_for(user), plan, known.clocks if known else None),
        "triage_suggestion": _masked_suggestion(
            _new_suggestion(c, known.suggestion) if known else suggestion_representation(c), mask
        ),
        "letters": [
            letter_summary(letter, c.reference) for letter in (known.letters if known else complaint_letters(c))
        ],
    }


def _masked_suggestion(suggestion: dict[str, Any] | None, mask: TextMask) -> dict[str, Any] | None:
    """The words of the text that drove the suggestion (its explanation) masked like the text."""
    if suggestion is None or not mask:
        return suggestion
    return {**suggestion, "explanation": mask.data(suggestion["explanation"])}


def _new_suggestion(c: Complaint, suggestion: TriageSuggestion | None) -> dict[str, Any] | None:
    """The suggestion registration just stored, with its model version from a short per-process cache."""
    if suggestion is None:
        return None
    if suggestion.model_version_id is not None:
        suggestion.model_version = _model_version(suggestion.model_version_id)
    return suggestion_representation(c)


_versions: dict[int, tuple[float, TriageModelVersion]] = {}


def _model_version(pk: int) -> TriageModelVersion:
    """Model versions never change once trained (their fields are read-only); kept like the model itself."""
    cached = _versions.get(pk)
    if cached is None or time.monotonic() - cached[0] > settings.REDRESS_TRIAGE_CACHE_SECONDS:
        cached = (time.monotonic(), TriageModelVersion.objects.only("id", "version").get(pk=pk))
        _versions[pk] = cached
    return cached[1]


def _duplicates(c: Complaint) -> list[dict[str, Any]]:
    return [{**d, "received_at": iso(d["received_at"])} for d in possible_duplicates(c)]


def event_representation(e: Event, mask: TextMask | None = None) -> dict[str, Any]:
    """`mask`: the personal data in the event's data masked (its `hash` is of the data as recorded)."""
    return {
        "seq": e.seq,
        "kind": e.kind,
        "actor": e.actor.username if e.actor else e.actor_kind,
        "actor_kind": e.actor_kind,
        "at": iso(e.created_at),
        "data": mask.data(e.data) if mask is not None else e.data,
        "hash": e.hash,
    }


def letter_representation(letter: Letter, complaint: Complaint, *, unmasked: bool) -> dict[str, Any]:
    """The letter with its text as sent, or with the customer's data masked for who may not see it (as on the page)."""

    def shown(text: str, html: bool = False) -> str:
        return text if unmasked else mask_letter_text(text, complaint, html=html)

    return {
        **letter_summary(letter, complaint.reference),
        "language": letter.language,
        "subject": shown(letter.subject),
        "body": shown(letter.body),
        "body_html": shown(letter.body_html, html=True),
        "masked": not unmasked,
        "message_id": letter.message_id,
        "status_label": str(letter.get_status_display()),
    }


def letter_summary(letter: Letter, reference: str) -> dict[str, Any]:
    """A letter in the complaint's detail: what, how, where it stands (the text: the letters endpoint)."""
    return {
        "id": letter.pk,
        "kind": letter.kind,
        "channel": letter.channel,
        "status": letter.status,
        "delivery": _delivery(letter),
        "created_at": iso(letter.created_at),
        "sent_at": iso(letter.sent_at),
        "pdf": f"/api/v1/complaints/{reference}/letters/{letter.pk}/pdf/",
    }


def _delivery(letter: Letter) -> dict[str, Any] | None:
    """Email delivery: attempts, the last error (pending: retrying; failed: gave up), when it tries next."""
    found = letter_delivery(letter)
    if found is None:
        return None
    return {
        "attempts": found.attempts,
        "last_error": found.last_error,
        "next_attempt_at": iso(found.next_attempt_at),
        "retry_allowed": found.retry_allowed,
    }
