"""Triage in the product: the suggestion at registration, the urgent alert, staff decisions as labels,
and which model version is in use."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from redress.codes import selectors as codes
from redress.core import textservice
from redress.core.errors import InvalidInput, NotFound
from redress.core.metrics import TRIAGE_LATENCY
from redress.core.presenters import words_list
from redress.core.recipients import public_link, recipient_language
from redress.core.rows import insert
from redress.correspondence.services import staff_email_queue
from redress.notifications.services import managers_notify
from redress.triage import runtime
from redress.triage.ml.suggestion import Suggestion
from redress.triage.models import TriageModelVersion, TriageSuggestion
from redress.triage.runtime import current_triage
from redress.triage.selectors import flag_labels, suggestion_for
from redress.triage.taxonomy import FLAGS

if TYPE_CHECKING:
    from redress.complaints.models import Complaint

logger = logging.getLogger(__name__)

LABEL_FIELDS = ("business", "product", "urgent", "is_complaint", "flags")


def complaint_text(complaint: Complaint) -> str:
    """What triage reads of a complaint: the description and what the customer asks for."""
    return assessed_text(complaint.description, complaint.desired_outcome)


def assessed_text(description: str, desired_outcome: str) -> str:
    return "\n".join(part for part in (description, desired_outcome) if part)


def suggest(text: str) -> tuple[Suggestion, int | None]:
    """The suggestion for one text, and the pk of the model version that made it (None: rules only): from the
    text service when it is configured and answers (the model stays out of this process), else made here."""
    with TRIAGE_LATENCY.time():
        try:
            answer = textservice.ask("suggest", text=text)
        except textservice.Unavailable:
            return suggest_here(text)
        version = answer["version"]
        return Suggestion(**answer["suggestion"]), (int(version) if version is not None else None)


def suggest_here(text: str) -> tuple[Suggestion, int | None]:
    """`suggest` with the model of this process (loaded on first use): the text service's own answer."""
    triage, version_pk = current_triage()
    return triage.predict(text), version_pk


def suggestion_assess(text: str) -> tuple[Suggestion, int | None] | None:
    """The first assessment of a complaint's text, before the complaint is written (so it is written urgent at
    once, not updated after). None when triage is off or failed: a failure of the model never stops a
    registration; it is logged and the complaint goes on without a suggestion."""
    if not getattr(settings, "REDRESS_TRIAGE_ENABLED", True):
        return None
    try:
        return suggest(text)
    except Exception:  # the complaint matters more than its suggestion
        logger.exception("Triage failed; the complaint is registered without a suggestion.")
        return None


def suggestion_create(
    complaint: Complaint, assessed: tuple[Suggestion, int | None] | None = None
) -> TriageSuggestion | None:
    """Store the first assessment of a newly registered complaint (`assessed`, or assessed now); alert the
    managers when urgent. Called inside the registration transaction."""
    if assessed is None:
        assessed = suggestion_assess(complaint_text(complaint))
        if assessed is None:
            return None
    suggestion, version_pk = assessed
    row = TriageSuggestion(
        complaint=complaint,
        business=suggestion.business,
        product=suggestion.product or "",
        reason=codes.suggest_reason(complaint_text(complaint)),
        is_complaint=suggestion.is_complaint,
        urgent=suggestion.urgent,
        flags=suggestion.flags,
        confidence=suggestion.confidence,
        explanation=suggestion.explanation,
        language=suggestion.language,
        model_version_id=version_pk,
    )
    insert(row)
    if suggestion.flags and not complaint.flags:
        # The complaint carries the flags at once (the queue's `flag` filter) until staff decide in `triage`.
        type(complaint).objects.filter(pk=complaint.pk).update(flags=list(suggestion.flags))
        complaint.flags = list(suggestion.flags)
    if suggestion.urgent:
        # The complaint carries the urgent mark at once (badge, `urgent` filter of the queue) until
        # staff decide otherwise in `triage`; the managers hear of it now.
        if not complaint.urgent:
            type(complaint).objects.filter(pk=complaint.pk).update(urgent=True)
            complaint.urgent = True
        if getattr(settings, "REDRESS_TRIAGE_NOTIFY", True):
            urgent_notify(complaint, row)
    return row


def urgent_message(params: dict[str, Any]) -> str:
    """An urgent-complaint notification's words in the active language: the reference and why."""
    flags = [str(f) for f in params.get("flags") or [] if f in FLAGS]
    why = words_list(flag_labels(flags)) if flags else _("the model rates it urgent")
    return _("Urgent complaint %(reference)s: %(why)s") % {"reference": params["reference"], "why": why}


def urgent_notify(complaint: Complaint, suggestion: TriageSuggestion) -> int:
    """An in-app notification and an email to each active manager (of the department, else all), each in the
    reader's language: why it is urgent, how sure the assessment is and a link, never the customer's data."""
    params = {"reference": complaint.reference, "flags": list(suggestion.flags)}
    managers = managers_notify(complaint=complaint, kind="urgent_complaint", params=params)
    for manager in managers:
        if not manager.email:
            continue
        with translation.override(recipient_language(manager)):
            body = "\n".join(
                [
                    urgent_message(params),
                    "",
                    _("Confidence: %(confidence)s") % {"confidence": f"{suggestion.confidence:.2f}"},
                    "",
                    _("Please look at it in redress now:"),
                    public_link(reverse("complaints:detail", args=[complaint.reference])),
                ]
            )
            subject = "[redress] " + _("Urgent complaint %(reference)s") % {"reference": complaint.reference}
        staff_email_queue(to=manager.email, subject=subject, body=body + "\n")
    return len(managers)


def suggestion_representation(complaint: Complaint) -> dict[str, Any] | None:
    """The suggestion as the API shows it (None: registered before triage, or triage was off)."""
    s = suggestion_for(complaint)
    if s is None:
        return None
    return {
        "business": s.business,
        "product": s.product or None,
        "is_complaint": s.is_complaint,
        "urgent": s.urgent,
        "flags": s.flags,
        "confidence": s.confidence,
        "explanation": s.explanation,
        "language": s.language,
        "model_version": s.model_version.version if s.model_version_id and s.model_version else None,
        "created_at": s.created_at.isoformat(),
    }


def triage_decision(complaint: Complaint) -> dict[str, Any]:
    """For the `triage` event: what was suggested and which fields staff changed (the training label).

    Call after the handler set the staff's values on the complaint.
    """
    s = suggestion_for(complaint)
    if s is None:
        return {"suggested": None, "suggestion_changed": None, "changed": []}
    suggested: dict[str, Any] = {
        "business": s.business,
        "product": s.product or None,
        "reason": s.reason or None,
        "urgent": s.urgent,
        "is_complaint": s.is_complaint,
        "flags": s.flags,
        "confidence": s.confidence,
        "model_version": s.model_version.version if s.model_version_id and s.model_version else None,
    }
    changed = [name for name in LABEL_FIELDS if _differs(name, getattr(complaint, name), s)]
    return {"suggested": suggested, "suggestion_changed": bool(changed), "changed": changed}


def _differs(name: str, staff: Any, s: TriageSuggestion) -> bool:
    if name == "flags":  # any flag added or taken away is a correction
        return set(staff or []) != set(s.flags or [])
    if name in ("urgent", "is_complaint"):
        return staff is not None and bool(staff) != bool(getattr(s, name))
    # A label staff left blank (or a product never suggested, as for Chinese text) is no correction.
    suggested = str(getattr(s, name) or "")
    if name == "product":  # staff give a product code; the model a CFPB product
        suggested = codes.product_for_cfpb(suggested) or suggested
    return bool(staff) and bool(suggested) and str(staff) != suggested


def staff_labelled() -> Q:
    """Complaints whose labels staff set: their timeline has a `triage` event."""
    return Q(events__kind="triage")


def activate_version(number: int) -> TriageModelVersion:
    """Make version `number` the one in use (roll back or forward); the others stop being active."""
    with transaction.atomic():
        version = TriageModelVersion.objects.select_for_update().filter(version=number).first()
        if version is None:
            raise NotFound(f"There is no triage model version {number}.")
        if not runtime.artifact_path(version.artifact).exists():
            raise InvalidInput({"version": [f"The artifact of version {number} is missing: {version.artifact}."]})
        TriageModelVersion.objects.filter(active=True).exclude(pk=version.pk).update(active=False)
        if not version.active:
            version.active = True
            version.save(update_fields=["active"])
    runtime.invalidate()
    return version


def deactivate_all() -> int:
    """Rules only from now on (no version active)."""
    count = TriageModelVersion.objects.filter(active=True).update(active=False)
    runtime.invalidate()
    return count
