"""Whether a file's first bytes are what its declared type says: an HTML page declared as a PDF is refused.

One table for every way a file comes in (the public form by its name's extension, the staff API and page and
inbound e-mail by the declared type). Each type's signatures are the published magic numbers of the format;
plain text has none, so it is checked the other way round (no NUL byte: binary; no HTML), and an e-mail by
its first header field.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and Excel 97–2003 (Compound File)
_ZIP = b"PK\x03\x04"  # Office Open XML (docx, xlsx) are zip files
HEAD_BYTES = 1024  # what the checks read


def _starts(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda head: any(head.startswith(s) for s in signatures)


def _iso_media(head: bytes) -> bool:  # HEIC and MP4: an ISO base media file starts with an ftyp box
    return head[4:8] == b"ftyp"


def _riff(kind: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(b"RIFF") and head[8:12] == kind


def _mp3(head: bytes) -> bool:  # an ID3 tag, or an MPEG audio frame's sync bits
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


_HTML_MARKS = (b"<html", b"<!doctype", b"<script", b"<body", b"<head", b"<iframe", b"<svg")


def _text(head: bytes) -> bool:
    lowered = head.lower()
    return b"\x00" not in head and not any(mark in lowered for mark in _HTML_MARKS)


_HEADER_LINE = re.compile(rb"[!-9;-~]+:")  # RFC 5322: a field name (printable, no colon), then a colon


def _message(head: bytes) -> bool:  # an e-mail as received: header fields first (its body may well be HTML)
    return b"\x00" not in head and _HEADER_LINE.match(head.lstrip(b"\r\n")) is not None


CHECKS: dict[str, Callable[[bytes], bool]] = {
    "application/pdf": _starts(b"%PDF-"),
    "image/jpeg": _starts(b"\xff\xd8\xff"),
    "image/png": _starts(b"\x89PNG\r\n\x1a\n"),
    "image/gif": _starts(b"GIF87a", b"GIF89a"),
    "image/webp": _riff(b"WEBP"),
    "image/heic": _iso_media,
    "video/mp4": _iso_media,
    "audio/mpeg": _mp3,
    "audio/wav": _riff(b"WAVE"),
    "audio/x-wav": _riff(b"WAVE"),
    "application/msword": _starts(_OLE),
    "application/vnd.ms-excel": _starts(_OLE),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _starts(_ZIP),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _starts(_ZIP),
    "text/plain": _text,
    "message/rfc822": _message,
}


def content_matches(content_type: str, head: bytes) -> bool:
    """Whether `head` (a file's first HEAD_BYTES bytes) is a file of `content_type`; False for a type not known."""
    check = CHECKS.get(content_type)
    return check is not None and bool(head) and check(head)
