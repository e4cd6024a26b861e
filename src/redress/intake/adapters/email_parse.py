"""Inbound email parsed: one raw message into a `ParsedMail` (sender, subject, text, attachments),
and what it is (an automatic reply; its language). No queries: `email` decides what becomes of it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from redress.intake.adapters.email_text import decode_bytes, decode_header_value, html_to_text
from redress.intake.normalize import message_ids

# The readable text kept of one message. Far above any real e-mail (a pasted statement of a year is ~200,000
# characters); what lies beyond is not lost: the original message is kept whole, as received, and as evidence
# on the complaint, and the registration event records the cut.
MAX_TEXT = 2_000_000


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
        text=text.replace("\r\n", "\n").strip(),
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
