"""Inbound email: `process_message(raw)` turns the bytes of one message into a complaint, a reply, or nothing.

It knows nothing of transports (IMAP, SMTP): they hand it the raw bytes and act on the Outcome only
after it returned, i.e. after its transaction committed. Anything that cannot be processed is kept
in quarantine with its bytes and the error; it never stops the next message.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from html.parser import HTMLParser
from typing import Literal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from redress.audit.services import event_append
from redress.complaints.models import Complaint
from redress.complaints.services.evidence import ALLOWED_TYPES, MAX_BYTES, evidence_add
from redress.complaints.services.registration import CustomerDetails, Registration
from redress.complaints.workflow import CUSTOMER_ACTOR
from redress.intake.models import InboundMessage, InboundStatus
from redress.intake.normalize import OUTBOX_MESSAGE_ID, message_ids, references_in
from redress.intake.services import intake_register
from redress.privacy.blind_index import blind_index

log = logging.getLogger(__name__)

Status = Literal["created", "threaded", "duplicate", "auto_reply", "quarantined"]
FALLBACK_CHARSETS = ("utf-8", "gb18030", "big5")
MAX_TEXT = 20000
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}


@dataclass(frozen=True)
class Outcome:
    status: Status
    message_id: str
    reference: str = ""
    inbound_id: int | None = None
    error: str = ""


class Unprocessable(Exception):
    """A message that cannot become a complaint; it goes to quarantine with this reason."""


# --- Decoding ----------------------------------------------------------------------------


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Text of `data`; never raises.

    Every candidate (the declared charset, then UTF-8, GB18030, Big5) that decodes without error is
    scored by how implausible its text is (private-use and control characters, CJK characters outside
    the common levels of GB2312 and Big5: the marks of mojibake); the least implausible wins, the
    declared charset on a tie. Nothing decodes: UTF-8 with replacement characters.
    """
    candidates = []
    if declared:
        name = declared.strip().strip('"').lower()
        candidates.append(_ALIASES.get(name, name))
    candidates += [c for c in FALLBACK_CHARSETS if c not in candidates]
    best: tuple[int, str] | None = None
    for charset in candidates:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
        penalty = _implausibility(text)
        if best is None or penalty < best[0]:
            best = (penalty, text)
        if penalty == 0:
            break
    return best[1] if best is not None else data.decode("utf-8", errors="replace")


@lru_cache(maxsize=20000)
def _common_cjk(ch: str) -> bool:
    """In the symbol rows or the first (common) level of GB2312 or of Big5."""
    for codec, ranges in (("gb2312", ((0xA1, 0xA3), (0xB0, 0xD7))), ("big5", ((0xA1, 0xA3), (0xA4, 0xC6)))):
        try:
            lead = ch.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        if any(lo <= lead <= hi for lo, hi in ranges):
            return True
    return False


def _implausibility(text: str) -> int:
    penalty = 0
    for ch in text[:3000]:
        o = ord(ch)
        if o < 0x80:
            if o < 0x20 and ch not in "\t\n\r\x0c":
                penalty += 5
        elif 0x80 <= o < 0xA0 or 0xE000 <= o <= 0xF8FF or o == 0xFFFD:
            penalty += 5
        elif (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000) and not (
            _common_cjk(ch)
        ):
            penalty += 1
    return penalty


def decode_header_value(value: object) -> str:
    """An RFC 2047 (or raw 8-bit) header as text."""
    if value is None:
        return ""
    if isinstance(value, Header):  # raw 8-bit bytes in a header: the parser kept them as unknown-8bit
        return re.sub(
            r"\s+", " ", "".join(decode_bytes(c, cs) if isinstance(c, bytes) else c for c, cs in decode_header(value))
        ).strip()
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit bytes the parser escaped
        return decode_bytes(text.encode("ascii", "surrogateescape"), None)
    parts = []
    try:
        chunks = decode_header(text)
    except Exception:  # a malformed encoded word: show it as it came
        return text
    for chunk, charset in chunks:
        parts.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"})
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in "".join(parser.out).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str
    sender_name: str
    sender_email: str
    subject: str
    text: str
    sent_at: datetime | None
    in_reply_to: list[str]
    charsets: list[str]
    language_header: str
    attachments: list[Attachment] = field(default_factory=list)


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    return decode_bytes(data, part.get_content_charset())


def message_id_of(msg: Message, raw: bytes) -> str:
    found = message_ids(decode_header_value(msg.get("Message-ID", "")))
    if found and len(found[0]) <= 250:
        return found[0]
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@redress.invalid>"


def parse(raw: bytes) -> tuple[Message, ParsedMail]:
    msg = message_from_bytes(raw)
    addresses = getaddresses([decode_header_value(v) for v in msg.get_all("From", [])])
    name, address = next(((n, a) for n, a in addresses if "@" in a), ("", ""))
    text, html = "", ""
    attachments: list[Attachment] = []
    charsets: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = part.get_filename()
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        if filename or disposition == "attachment" or ctype == "message/rfc822":
            payload = part.get_payload(decode=True)
            if ctype == "message/rfc822" and not isinstance(payload, bytes):
                inner = part.get_payload()
                first = inner[0] if isinstance(inner, list) and inner else None
                payload = first.as_bytes() if isinstance(first, Message) else b""
            attachments.append(
                Attachment(
                    name=decode_header_value(filename or "") or "attachment",
                    content_type=ctype,
                    data=payload if isinstance(payload, bytes) else b"",
                )
            )
            continue
        if part.get_content_charset():
            charsets.append(part.get_content_charset() or "")
        if ctype == "text/plain" and not text:
            text = _part_text(part)
        elif ctype == "text/html" and not html:
            html = _part_text(part)
    if not text and html:
        text = html_to_text(html)
    sent_at: datetime | None
    try:
        sent_at = parsedate_to_datetime(str(msg.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        sent_at = None
    return msg, ParsedMail(
        message_id=message_id_of(msg, raw),
        sender_name=decode_header_value(name),
        sender_email=address.strip(),
        subject=decode_header_value(msg.get("Subject", ""))[:300],
        text=text.replace("\r\n", "\n").strip()[:MAX_TEXT],
        sent_at=sent_at,
        in_reply_to=message_ids(f"{msg.get('In-Reply-To', '')} {msg.get('References', '')}"),
        charsets=charsets,
        language_header=str(msg.get("Content-Language", "")).strip().lower(),
        attachments=attachments,
    )


# --- What the message is -------------------------------------------------------------------

_AUTO_PRECEDENCE = frozenset({"bulk", "auto_reply", "junk", "list"})
_DAEMONS = ("mailer-daemon@", "postmaster@")


def is_automatic(msg: Message, sender: str) -> bool:
    """Auto-replies, bounces and bulk mail (RFC 3834 and the common vendor headers)."""
    auto = str(msg.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return True
    if msg.get("X-Autoreply") is not None or msg.get("X-Autorespond") is not None:
        return True
    if str(msg.get("Precedence", "")).strip().lower() in _AUTO_PRECEDENCE:
        return True
    if msg.get_content_type() == "multipart/report":
        return True
    if str(msg.get("Return-Path", "")).strip() == "<>":
        return True
    return sender.lower().startswith(_DAEMONS) or (not sender and "mailer-daemon" in str(msg.get("From", "")).lower())


_HANT = "們這個來時說對發會國過還請與關經問題處帳戶銀錢費號務電話郵現麼嗎訊錯誤為無從讓"
_HANS = "们这个来时说对发会国过还请与关经问题处账户银钱费号务电话邮现么吗讯错误为无从让"


def guess_language(mail: ParsedMail) -> str:
    if mail.language_header.startswith("en"):
        return "en"
    if mail.language_header in ("zh-tw", "zh-hk", "zh-hant"):
        return "zh-hant"
    if mail.language_header in ("zh-cn", "zh-hans", "zh"):
        return "zh-hans"
    sample = f"{mail.subject} {mail.text[:2000]}"
    if not re.search(r"[\u4e00-\u9fff]", sample):
        return "en"
    hant = sum(sample.count(ch) for ch in _HANT)
    hans = sum(sample.count(ch) for ch in _HANS)
    if hant > hans or (hant == hans and any(c.lower().startswith("big5") for c in mail.charsets)):
        return "zh-hant"
    return "zh-hans"


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
        accepted.append(SimpleUploadedFile(a.name[-200:], a.data, content_type=ctype))
    return accepted, skipped


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
    sender_index = blind_index("email", mail.sender_email)
    if target is not None and target.email_index and target.email_index == sender_index:
        return _thread(raw, mail, existing, target, uploads, skipped)
    extra = {"message_id": mail.message_id, "subject": mail.subject}
    if target is not None:
        extra["possible_misdirected_reply"] = target.reference
    if skipped:
        extra["attachments_skipped"] = ", ".join(skipped)[:1000]
    description = mail.text or mail.subject or "(attachments only)"
    if mail.subject and mail.text and mail.subject not in mail.text[:200]:
        description = f"{mail.subject}\n\n{mail.text}"
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
    for upload in uploads:
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
    event_append(
        complaint=complaint,
        kind="customer_message",
        actor=CUSTOMER_ACTOR,
        data={
            "channel": "email",
            "message_id": mail.message_id,
            "subject": mail.subject,
            "text": mail.text,
            "attachments": [u.name for u in uploads],
            "attachments_skipped": skipped,
        },
    )
    row = _record(raw, mail, existing, status=InboundStatus.PROCESSED, reason="reply", complaint=complaint)
    if complaint.is_open:
        for upload in uploads:
            evidence_add(reference=complaint.reference, upload=upload, actor=CUSTOMER_ACTOR, user=None)
    return Outcome("threaded", mail.message_id, reference=complaint.reference, inbound_id=row.id)
