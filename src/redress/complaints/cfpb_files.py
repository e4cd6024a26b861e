"""Reading exports of the CFPB's public complaint database: CSV or JSON, any era's columns, streamed.

The CSV export has had 18 columns (with "Consumer consent provided?" and "Consumer disputed?") and, since
June 2026, 16; samples in the wild write dates as 2019-09-24, 2019/9/24 or 09/24/19 and blank cells as
"None". The JSON download is an array of objects keyed in snake case (`date_received`, `complaint_id`,
…); JSON Lines are read too. Every row comes out as a dict keyed by the CSV's column names, values as
stripped text. Nothing is held but the row being read, so a file of any size reads in flat memory.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Final

import ijson

DATE_RECEIVED = "Date received"
PRODUCT = "Product"
SUB_PRODUCT = "Sub-product"
ISSUE = "Issue"
SUB_ISSUE = "Sub-issue"
NARRATIVE = "Consumer complaint narrative"
PUBLIC_RESPONSE = "Company public response"
COMPANY = "Company"
STATE = "State"
ZIP_CODE = "ZIP code"
TAGS = "Tags"
CONSENT = "Consumer consent provided?"
SUBMITTED_VIA = "Submitted via"
DATE_SENT = "Date sent to company"
RESPONSE = "Company response to consumer"
TIMELY = "Timely response?"
DISPUTED = "Consumer disputed?"
COMPLAINT_ID = "Complaint ID"

# The 16 columns of the export since June 2026, in its order, and the two older ones.
COLUMNS: Final = (
    DATE_RECEIVED,
    PRODUCT,
    SUB_PRODUCT,
    ISSUE,
    SUB_ISSUE,
    NARRATIVE,
    PUBLIC_RESPONSE,
    COMPANY,
    STATE,
    ZIP_CODE,
    TAGS,
    SUBMITTED_VIA,
    DATE_SENT,
    RESPONSE,
    TIMELY,
    COMPLAINT_ID,
)
OLD_COLUMNS: Final = (CONSENT, DISPUTED)
REQUIRED: Final = (DATE_RECEIVED, PRODUCT, COMPLAINT_ID)

# The JSON download's keys.
_JSON_KEYS: Final = {
    "date_received": DATE_RECEIVED,
    "product": PRODUCT,
    "sub_product": SUB_PRODUCT,
    "issue": ISSUE,
    "sub_issue": SUB_ISSUE,
    "complaint_what_happened": NARRATIVE,
    "company_public_response": PUBLIC_RESPONSE,
    "company": COMPANY,
    "state": STATE,
    "zip_code": ZIP_CODE,
    "tags": TAGS,
    "consumer_consent_provided": CONSENT,
    "submitted_via": SUBMITTED_VIA,
    "date_sent_to_company": DATE_SENT,
    "company_response": RESPONSE,
    "timely": TIMELY,
    "consumer_disputed": DISPUTED,
    "complaint_id": COMPLAINT_ID,
}
# Any spelling of a column (its CSV name or JSON key, any case) -> its CSV name.
_NAMES: Final = {
    **{name.casefold(): name for name in (*COLUMNS, *OLD_COLUMNS)},
    **{key: name for key, name in _JSON_KEYS.items()},
}
_BLANKS: Final = frozenset({"", "None", "none", "null"})
_CHUNK = 1 << 16


class UnreadableFile(Exception):
    """The file cannot be read as a CFPB export (missing, not UTF-8, broken CSV or JSON)."""


@dataclass
class Export:
    """An open export: its columns (CSV names) and its rows, read as they are iterated."""

    name: str
    columns: tuple[str, ...]
    rows: Iterator[dict[str, str]]

    def missing(self) -> list[str]:
        return [c for c in REQUIRED if c not in self.columns]


def column_name(raw: str) -> str:
    text = raw.strip().lstrip("\ufeff")
    return _NAMES.get(text.casefold(), text)


def cell(value: Any) -> str:
    """One value as text: JSON nulls, numbers and lists too; the samples' "None" for a blank cell is blank."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value if cell(v))
    text = str(value).strip()
    return "" if text in _BLANKS else text


_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?: .*)?")


@lru_cache(maxsize=16384)
def parse_date(text: str) -> date | None:
    """2019-09-24 (a time after it is ignored), 2019/9/24, 09/24/2019 or 09/24/19; None if it is none of them."""
    if found := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in found.groups())
    elif found := _MDY.fullmatch(text):
        month, day, year = (int(g) for g in found.groups())
        if year < 100:
            year += 2000  # the database starts in 2011
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@contextmanager
def read_export(path: str, stdin: IO[bytes] | None = None) -> Iterator[Export]:
    """Open `path` ("-": `stdin`) as a CFPB export. CSV or JSON by the name's extension, else by the first
    character. Raises UnreadableFile; a fault further in is raised as UnreadableFile by the rows' iterator."""
    name = "stdin" if path == "-" else Path(path).name
    try:
        raw: IO[bytes] = stdin if path == "-" and stdin is not None else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc
    try:
        stream = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw, _CHUNK)  # type: ignore[type-var]
        kind = _kind(path, stream)
        yield _json(name, stream) if kind == "json" else _csv(name, stream)
    finally:
        if raw is not stdin:
            raw.close()


def _kind(path: str, stream: io.BufferedReader) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".json", ".jsonl", ".ndjson"):
        return "json"
    head = stream.peek(_CHUNK)[:_CHUNK].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] in (b"[", b"{") else "csv"


def _csv(name: str, stream: io.BufferedReader) -> Export:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableFile(f"{name}: {exc}") from exc
    if not header:
        raise UnreadableFile(f"{name}: the file is empty")
    columns = tuple(column_name(h) for h in header)

    def rows() -> Iterator[dict[str, str]]:
        number = 0
        try:
            for number, values in enumerate(reader, start=1):  # noqa: B007 - read in the except below
                if values:
                    yield {c: cell(v) for c, v in zip(columns, values, strict=False)}
        except (UnicodeDecodeError, csv.Error) as exc:
            where = f"after row {number}" if number else "after its header"
            raise UnreadableFile(f"{name}, {where}: {exc}") from exc

    return Export(name, columns, rows())


def _json(name: str, stream: io.BufferedReader) -> Export:
    if stream.peek(3)[:3] == b"\xef\xbb\xbf":
        stream.read(3)
    head = stream.peek(_CHUNK)[:_CHUNK].lstrip(b" \t\r\n")
    items = ijson.items(stream, "item" if head[:1] == b"[" else "", multiple_values=True, use_float=True)

    def objects() -> Iterator[dict[str, str]]:
        number = 0
        try:
            for number, item in enumerate(items, start=1):
                if not isinstance(item, dict):
                    raise UnreadableFile(f"{name}, item {number}: not an object")
                source = item.get("_source", item)  # an item of the search API's answer
                yield {column_name(k): cell(v) for k, v in source.items()}
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            where = f"after item {number}" if number else "at its start"
            raise UnreadableFile(f"{name}, {where}: {str(exc).splitlines()[0]}") from exc

    rows = objects()
    first = next(rows, None)
    columns = tuple(first) if first else ()
    return Export(name, columns, itertools.chain([first], rows) if first else rows)
