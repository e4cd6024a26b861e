"""One access record as a row: the same columns for the page, the CSV and the API."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redress.access.models import AccessBasis, AccessKind, AccessRecord


def why(record: AccessRecord) -> str:
    """The reason given, else the duty that let them see the data."""
    return record.reason or str(AccessBasis(record.basis).label)


def record_json(record: AccessRecord) -> dict[str, Any]:
    return {
        "at": timezone.localtime(record.at).isoformat(),
        "user": record.user.username,
        "role": record.user.role,
        "complaint": record.complaint.reference,
        "what": record.what,
        "item": record.item,
        "basis": record.basis,
        "reason": record.reason,
    }


def csv_header() -> list[str]:
    return [_("When"), _("Staff"), _("Role"), _("Complaint"), _("What"), _("Item"), _("Why")]


def csv_row(record: AccessRecord) -> list[str]:
    return [
        timezone.localtime(record.at).isoformat(),
        record.user.username,
        record.user.get_role_display(),
        record.complaint.reference,
        str(AccessKind(record.what).label),
        record.item,
        why(record),
    ]


def csv_lines(records: Iterable[AccessRecord]) -> Iterator[str]:
    """The CSV text line by line (streamed: the log of a year is long), a byte-order mark first for Excel.
    In the reader's language: the lines are made after the view returned, when the request's language is
    no longer active, so it is taken now and held while they are."""
    return _lines(records, translation.get_language())


def _lines(records: Iterable[AccessRecord], language: str | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    with translation.override(language):
        yield from _translated(records, writer, buffer)


def _translated(records: Iterable[AccessRecord], writer: Any, buffer: io.StringIO) -> Iterator[str]:
    for row in _rows(records):
        writer.writerow([_cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def _cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (a reason is free text someone typed)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _rows(records: Iterable[AccessRecord]) -> Iterator[list[str]]:
    yield csv_header()
    for record in records:
        yield csv_row(record)
