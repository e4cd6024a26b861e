"""Inbound email: `process_message(raw)` turns the bytes of one message into a complaint, a reply, or nothing.

It knows nothing of transports (IMAP, SMTP): they hand it the raw bytes and act on the Outcome only
after it returned, i.e. after its transaction committed. Anything that cannot be processed is kept
in quarantine with its bytes and the error; it never stops the next message.

Parsing lives in `email_parse` (the message) and `email_text` (charsets, headers, HTML); this
module holds what touches the database. The names other modules import from here are re-exported.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from email.message import Message
from typing import Literal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from redress.audit.services import event_append
from redress.complaints.models import Complaint
from redress.complaints.services.evidence import ALLOWED_TYPES, MAX_BYTES, evidence_add
from redress.complaints.services.file_content import HEAD_BYTES, content_matches
from redress.complaints.services.registration import CustomerDetails, Registration
from redress.complaints.workflow import CUSTOMER_ACTOR
from redress.intake.adapters.email_parse import (
    MAX_TEXT,
    Attachment,
    ParsedMail,
    guess_language,
    is_automatic,
    parse,
)
from redress.intake.adapters.email_text import decode_bytes
from redress.intake.models import InboundMessage, InboundStatus
from redress.intake.normalize import OUTBOX_MESSAGE_ID, references_in
from redress.intake.services import intake_register
from redress.notifications.services import customer_replied
from redress.privacy.blind_index import blind_index, blind_indexes

# What other modules import from here, the parsing names included (they were defined here once).
__all__ = [
    "Attachment",
    "Outcome",
    "ParsedMail",
    "Status",
    "Unprocessable",
    "decode_bytes",
    "inbound_discard",
    "inbound_retry",
    "parse",
    "process_message",
    "thread_target",
]

log = logging.getLogger(__name__)

Status = Literal["created", "threaded", "duplicate", "auto_reply", "quarantined"]


@dataclass(frozen=True)
class Outcome:
    status: Status
    message_id: str
    reference: str = ""
    inbound_id: int | None = None
    error: str = ""


class Unprocessable(Exception):
    """A message that cannot become a complaint; it goes to quarantine with this reason."""


def thread_target(mail: ParsedMail) -> Complaint | None:
    """The complaint this message answers: a Message-ID we received or sent, else a reference in the subject."""
    if mail.in_reply_to:
        row = (
            InboundMessage.objects.filter(message_id__in=mail.in_reply_to, complaint__isnull=False)
            .select_related("complaint")
            .order_by("-id")
            .first()
        )
        if row is not None and row.complaint is not None:
            return row.complaint
        for mid in mail.in_reply_to:
            found = OUTBOX_MESSAGE_ID.match(mid)
            if found:
                complaint = Complaint.objects.filter(reference=found["reference"].upper()).first()
                if complaint is not None:
                    return complaint
    for reference in references_in(mail.subject):
        complaint = Complaint.objects.filter(reference=reference).first()
        if complaint is not None:
            return complaint
    return None


def _evidence_uploads(attachments: list[Attachment]) -> tuple[list[SimpleUploadedFile], list[str]]:
    accepted, skipped = [], []
    for a in attachments:
        ctype = a.content_type
        if ctype == "application/octet-stream":
            ctype = mimetypes.guess_type(a.name)[0] or ctype
        if ctype not in ALLOWED_TYPES or not a.data or len(a.data) > MAX_BYTES:
            skipped.append(a.name)
            continue
        if not content_matches(ctype, a.data[:HEAD_BYTES]):  # e.g. a page of HTML sent as "application/pdf"
            skipped.append(a.name)
            continue
        accepted.append(SimpleUploadedFile(a.name[-200:], a.data, content_type=ctype))
    return accepted, skipped


ORIGINAL_NAME = "original-message.eml"


def _original(raw: bytes) -> list[SimpleUploadedFile]:
    """The message as received, as evidence on the complaint: what the customer sent, whole (within the
    evidence size limit; a larger one stays in the inbound store, where the admin shows it)."""
    if len(raw) > MAX_BYTES:
        return []
    return [SimpleUploadedFile(ORIGINAL_NAME, raw, content_type="message/rfc822")]


def _kept_text(mail: ParsedMail, extra: dict[str, object]) -> str:
    """The message's text for staff to read and search: all of it up to MAX_TEXT, the cut recorded."""
    if len(mail.text) <= MAX_TEXT:
        return mail.text
    extra["text_cut"] = {"kept": MAX_TEXT, "of": len(mail.text)}
    return mail.text[:MAX_TEXT]


# --- The one entry point -------------------------------------------------------------------


def process_message(raw: bytes) -> Outcome:
    """Process one message; idempotent on its Message-ID. Never raises for a bad message."""
    return _process(raw, retry=False)


def inbound_retry(inbound_id: int) -> Outcome:
    """Process a quarantined message again (after a fix); it stays quarantined if it fails again."""
    row = InboundMessage.objects.get(id=inbound_id, status=InboundStatus.QUARANTINED)
    return _process(bytes(row.raw), retry=True)


def inbound_discard(inbound_id: int, *, reason: str = "discarded") -> bool:
    """Keep the bytes but stop offering a quarantined message for retry."""
    return bool(
        InboundMessage.objects.filter(id=inbound_id, status=InboundStatus.QUARANTINED).update(
            status=InboundStatus.DISCARDED, reason=reason[:40], processed_at=timezone.now()
        )
    )


def _process(raw: bytes, *, retry: bool) -> Outcome:
    message_id = f"<sha256-{hashlib.sha256(raw).hexdigest()}@redress.invalid>"
    try:
        msg, mail = parse(raw)
        message_id = mail.message_id
        existing = InboundMessage.objects.filter(message_id=message_id).select_related("complaint").first()
        if existing is not None and not (retry and existing.status == InboundStatus.QUARANTINED):
            return _duplicate(existing)
        with transaction.atomic():
            outcome = _apply(raw, msg, mail, existing)
        return outcome
    except IntegrityError as exc:
        # The same Message-ID committed by another worker at the same moment.
        existing = InboundMessage.objects.filter(message_id=message_id).select_related("complaint").first()
        if existing is not None:
            return _duplicate(existing)
        return _quarantine(raw, message_id, f"IntegrityError: {exc}")
    except Exception as exc:
        log.warning("Inbound message %s quarantined: %s", message_id, type(exc).__name__)
        return _quarantine(raw, message_id, f"{type(exc).__name__}: {exc}")


def _duplicate(row: InboundMessage) -> Outcome:
    return Outcome(
        "duplicate", row.message_id, reference=row.complaint.reference if row.complaint else "", inbound_id=row.id
    )


def _quarantine(raw: bytes, message_id: str, error: str) -> Outcome:
    with transaction.atomic():
        row, _created = InboundMessage.objects.update_or_create(
            message_id=message_id,
            defaults={"raw": raw, "status": InboundStatus.QUARANTINED, "error": error[:5000], "reason": "error"},
        )
    return Outcome("quarantined", message_id, inbound_id=row.id, error=error)


def _record(
    raw: bytes,
    mail: ParsedMail,
    existing: InboundMessage | None,
    *,
    status: str,
    reason: str,
    complaint: Complaint | None,
) -> InboundMessage:
    row = existing or InboundMessage(message_id=mail.message_id)
    row.raw = raw
    row.subject = mail.subject
    row.sender_index = blind_index("email", mail.sender_email)
    row.status = status
    row.reason = reason
    row.error = ""
    row.complaint = complaint
    row.processed_at = timezone.now()
    row.save()
    return row


def _apply(raw: bytes, msg: Message, mail: ParsedMail, existing: InboundMessage | None) -> Outcome:
    if is_automatic(msg, mail.sender_email):
        row = _record(raw, mail, existing, status=InboundStatus.DISCARDED, reason="auto_reply", complaint=None)
        return Outcome("auto_reply", mail.message_id, inbound_id=row.id)
    if not mail.sender_email:
        raise Unprocessable("The message has no sender address.")
    if not (mail.text or mail.subject or mail.attachments):
        raise Unprocessable("The message is empty.")
    uploads, skipped = _evidence_uploads(mail.attachments)
    target = thread_target(mail)
    if target is not None and target.email_index in blind_indexes("email", mail.sender_email):
        return _thread(raw, mail, existing, target, uploads, skipped)
    extra: dict[str, object] = {"message_id": mail.message_id, "subject": mail.subject}
    if target is not None:
        extra["possible_misdirected_reply"] = target.reference
    if skipped:
        extra["attachments_skipped"] = ", ".join(skipped)[:1000]
    text = _kept_text(mail, extra)
    description = text or mail.subject or "(attachments only)"
    if mail.subject and text and mail.subject not in text[:200]:
        description = f"{mail.subject}\n\n{text}"
    complaint, _created, _dups = intake_register(
        registration=Registration(
            channel="email",
            customer=CustomerDetails(name=mail.sender_name or mail.sender_email.split("@")[0], email=mail.sender_email),
            description=description,
            language=guess_language(mail),
            extra=extra,
        )
    )
    row = _record(raw, mail, existing, status=InboundStatus.PROCESSED, reason="", complaint=complaint)
    for upload in [*uploads, *_original(raw)]:
        evidence_add(reference=complaint.reference, upload=upload, actor=CUSTOMER_ACTOR, user=None)
    return Outcome("created", mail.message_id, reference=complaint.reference, inbound_id=row.id)


def _thread(
    raw: bytes,
    mail: ParsedMail,
    existing: InboundMessage | None,
    target: Complaint,
    uploads: list[SimpleUploadedFile],
    skipped: list[str],
) -> Outcome:
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=target.pk)
    data: dict[str, object] = {
        "channel": "email",
        "message_id": mail.message_id,
        "subject": mail.subject,
        "attachments": [u.name for u in uploads],
        "attachments_skipped": skipped,
    }
    data["text"] = _kept_text(mail, data)
    event_append(complaint=complaint, kind="customer_message", actor=CUSTOMER_ACTOR, data=data)
    customer_replied(complaint=complaint)
    row = _record(raw, mail, existing, status=InboundStatus.PROCESSED, reason="reply", complaint=complaint)
    if complaint.is_open:
        for upload in [*uploads, *_original(raw)]:
            evidence_add(reference=complaint.reference, upload=upload, actor=CUSTOMER_ACTOR, user=None)
    return Outcome("threaded", mail.message_id, reference=complaint.reference, inbound_id=row.id)
