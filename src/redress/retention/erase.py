"""Erasing one complaint's personal data: what the customer gave, the free texts, evidence files, letters,
messages and the personal values on the timeline. The case record stays: codes, dates, outcome, amounts,
the chain of events (still verifiable), so the statistics and the regulator's figures do not move."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from redress.audit.chain import ERASED, split_personal
from redress.audit.models import Event
from redress.audit.sealing import SEALED, stored_data, without_token
from redress.audit.services import event_append
from redress.complaints.models import Approval, Complaint, Evidence, RedressItem, ResolutionPlan
from redress.complaints.workflow import Actor
from redress.correspondence.models import Letter, OutboxMessage
from redress.intake.models import InboundMessage
from redress.retention.models import Erasure, ErasureRequest
from redress.surveys.models import FollowUpTask, Survey
from redress.triage.models import TriageSuggestion

CUSTOMER_FIELDS = ("customer_id_number", "customer_phone", "customer_email", "customer_address")
INDEXES = ("phone_index", "email_index", "id_number_index")
# What an outside record (the CFPB's public database) holds of the person: their words and where they live.
EXTERNAL_PERSONAL = ("Consumer complaint narrative", "ZIP code")


def placeholder(language: str) -> str:
    """What an erased text reads, in the complaint's language."""
    with translation.override(language):
        return _("[erased]")


def complaint_erase(*, complaint: Complaint, why: str, actor: Actor, request: ErasureRequest | None = None) -> Erasure:
    """Erase `complaint` (its row locked by the caller, not erased yet, not on hold) and record it."""
    mark = placeholder(complaint.language)
    counts = {
        "fields": _erase_fields(complaint, mark),
        "texts": _erase_texts(complaint, mark),
        "evidence": _erase_evidence(complaint, mark),
        "letters": _erase_letters(complaint, mark),
        "messages": _erase_messages(complaint, mark),
    }
    counts.update(_erase_events(complaint))
    erasure = Erasure.objects.create(complaint=complaint, why=why, request=request, counts=counts)
    last_seq = Event.objects.filter(complaint=complaint).order_by("-seq").values_list("seq", flat=True).first() or 0
    event_append(
        complaint=complaint,
        kind="erased",
        actor=actor,
        data={"why": why, "request": request.pk if request else None, "through_seq": last_seq, "counts": counts},
    )
    return erasure


def _erase_fields(c: Complaint, mark: str) -> int:
    erased = sum(1 for name in ("customer_name", *CUSTOMER_FIELDS) if getattr(c, name))
    c.customer_name = mark
    for name in (*CUSTOMER_FIELDS, *INDEXES):
        setattr(c, name, "")
    c.description = mark
    c.desired_outcome = mark if c.desired_outcome else ""
    changed = ["customer_name", *CUSTOMER_FIELDS, *INDEXES, "description", "desired_outcome"]
    if any(key in c.external for key in EXTERNAL_PERSONAL):
        c.external = {k: (mark if k in EXTERNAL_PERSONAL else v) for k, v in c.external.items()}
        changed.append("external")
    c.save(update_fields=[*changed, "updated_at"])
    return erased


def _erase_texts(c: Complaint, mark: str) -> int:
    """The description and desired outcome (above), plans' summaries and redress items, approvers' notes, survey
    comments, visits, triage's explanation."""
    count = 2 if c.desired_outcome else 1
    # Encrypted: each row is read to know which said something.
    count += _overwrite(ResolutionPlan.objects.filter(complaint=c), "summary", mark)
    count += _overwrite(RedressItem.objects.filter(plan__complaint=c), "description", mark)
    count += _overwrite(Approval.objects.filter(plan__complaint=c), "note", mark)
    count += _overwrite(Survey.objects.filter(complaint=c), "comment", mark)
    count += _overwrite(FollowUpTask.objects.filter(complaint=c), "summary", mark)
    # Triage's explanation quotes the text (what its rules matched, the model's terms): gone with it.
    count += _overwrite(TriageSuggestion.objects.filter(complaint=c), "explanation", {})
    return count


def _overwrite(rows: QuerySet[Any], field: str, mark: Any) -> int:
    """Replace `field` by `mark` in each of `rows` that holds something (encrypted: read to be known); the number
    replaced."""
    said = [pk for pk, text in rows.values_list("pk", field) if text]
    return rows.model._default_manager.filter(pk__in=said).update(**{field: mark}) if said else 0


def _erase_evidence(c: Complaint, mark: str) -> int:
    """The files go; the row keeps its size, type and digest (what was held, and that it was this)."""
    count = 0
    for evidence in Evidence.objects.filter(complaint=c).exclude(file=""):
        evidence.file.delete(save=False)
        evidence.file = ""
        evidence.original_name, evidence.description = mark, ""
        evidence.save(update_fields=["file", "original_name", "description"])
        count += 1
    return count


def _erase_letters(c: Complaint, mark: str) -> int:
    """A letter's text (its PDF is made from it) and its copy in the outbox; kind, channel, dates and delivery stay."""
    count = 0
    for letter in Letter.objects.filter(complaint=c):
        letter.body, letter.body_html = mark, ""
        letter.save(update_fields=["body", "body_html"])
        count += 1
    for message in OutboxMessage.objects.filter(letter__complaint=c):
        message.to_address, message.body, message.html_body = mark, mark, ""
        message.save(update_fields=["to_address", "body", "html_body"])
    return count


def _erase_messages(c: Complaint, mark: str) -> int:
    """The customer's e-mails as received."""
    count = 0
    for message in InboundMessage.objects.filter(complaint=c):
        message.raw, message.subject = b"", mark if message.subject else ""
        message.save(update_fields=["raw", "subject"])
        count += 1
    return count


def _erase_events(c: Complaint) -> dict[str, int]:
    """Personal values on the timeline: replaced, their sealed token and the salt dropped (chain.PERSONAL_KEYS).
    Read as stored, not decrypted: erasing needs no key. Events written before personal values were kept apart
    hash them with the rest; they cannot change (they stay sealed) and are counted as kept."""
    erased = kept = 0
    events = Event.objects.filter(complaint=c).only("id", "kind", "personal").annotate(stored=stored_data())
    for event in events:
        personal: dict[str, Any] | None = event.personal
        stored: dict[str, Any] = event.stored
        if personal is None:
            kept += SEALED in stored or any(split_personal(event.kind, stored)[1].values())
            continue
        if "salt" not in personal:
            continue
        data = {**without_token(stored), **dict.fromkeys(personal.get("keys", []), ERASED)}
        Event.objects.filter(pk=event.pk).update(
            data=data, personal={"keys": personal.get("keys", []), "digest": personal.get("digest", "")}
        )
        erased += 1
    return {"events": erased, "events_kept": kept}
