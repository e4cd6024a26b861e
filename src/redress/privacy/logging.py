"""A logging filter that keeps personal data out of log output."""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# Order matters: e-mail addresses may contain digits, and an ID number contains runs that
# would otherwise be taken for a phone number.
_PATTERNS = (
    re.compile(r"[\w.%+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE),  # e-mail address, also URL-encoded
    re.compile(r"(?<!\d)\d{17}[\dXx](?![0-9A-Za-z])"),  # Chinese resident ID number
    # Mainland mobile, optionally +86/0086/86, written whole or as 138 1234 5678.
    re.compile(r"(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"),
    # Numbers with separators that start like a phone number: +44 20 7946 0958, 010-6552 9988.
    # (Dates such as 2024-05-01 start with neither, so they stay.)
    # Complaint references (CMP-20261128-000042) are not personal data and stay readable.
    re.compile(r"(?<!CMP-\d{8}-)(?:\+\d|(?<![\d.])0)(?:[\s-]?\d){6,}"),
    re.compile(r"(?<!CMP-)(?<!CMP-\d{8}-)(?<![\d.])\d{7,}"),  # any other long digit run: phone, account or card number
)


# Query parameters whose values are free text a person typed (a name, an address, a search): their values are
# never logged, whatever they hold (张三 URL-encoded is no pattern's match).
FREE_TEXT_PARAMETERS = frozenset({"q", "search", "customer", "name", "email", "phone", "id_number", "address"})
_QUERY_VALUE = re.compile(r"(?:(?<=[?&;])|^)([^=&;#?\s/]+)=([^&;#\s]*)")


def redact_query(text: str) -> str:
    """`text` (a URL, a query string, an access-log line) with the values of free-text parameters redacted."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return f"{match.group(1)}={REDACTED}" if name in FREE_TEXT_PARAMETERS and match.group(2) else match.group(0)

    return _QUERY_VALUE.sub(value, text)


def redact(text: str) -> str:
    """`text` with e-mail addresses, phone numbers and ID numbers replaced."""
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


class RedactPIIFilter(logging.Filter):
    """Redacts the formatted message (and any traceback text) of every record; drops none."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not crash the caller or leak its args
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        # Exception messages carry personal data too ("invalid phone 138..."): format the
        # traceback now and redact it; formatters reuse `exc_text` when it is set.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
