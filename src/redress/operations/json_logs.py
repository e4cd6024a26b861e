"""Log lines as JSON (REDRESS_LOG_FORMAT=json), one object a line, for a log collector.

Personal data stays out as in the text format: the handler's RedactPIIFilter redacts the message and the
traceback, and this formatter redacts every other field a record carries (the `extra` of a log call, the
request Django attaches to its errors) before it is written.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from redress.privacy.logging import redact

FORMATS = ("text", "json")
FIELDS = "{asctime}{levelname}{name}{process}{message}"
_RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}
# A number this long may be a phone, card or account number (integers that short are ids, counts and ports).
_LONG_NUMBER = 10**6


def log_format() -> str:
    """REDRESS_LOG_FORMAT: `text` (default) or `json`; read from the environment directly, as gunicorn's
    logger is set up before Django's settings are."""
    return os.environ.get("REDRESS_LOG_FORMAT", "text").strip().lower() or "text"


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        return value if abs(value) < _LONG_NUMBER else redact(str(value))
    if isinstance(value, dict):
        return {str(key): _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_redacted(item) for item in value]
    return redact(str(value))  # an object (a request, an exception): its text, redacted


class RedactingJsonFormatter(JsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", FIELDS)
        kwargs.setdefault("style", "{")
        kwargs.setdefault("rename_fields", _RENAMED)
        kwargs.setdefault("timestamp", False)
        kwargs.setdefault("json_ensure_ascii", False)  # Chinese text stays readable
        super().__init__(*args, **kwargs)

    def formatTime(self, record: Any, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {key: _redacted(value) for key, value in log_data.items()}
