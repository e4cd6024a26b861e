"""A return as JSON, CSV (a generator of lines, never the whole file) or XLSX (openpyxl's write-only mode)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from redress.analytics.returns.columns import Return, headers

FORMATS = ("json", "csv", "xlsx")


class _Line:
    """A file for csv.writer whose write() hands the line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def as_json(ret: Return, start: date, end: date) -> dict[str, Any]:
    rows = list(ret.rows(start, end))
    return {
        "kind": ret.kind,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "rows": rows,
        "totals": ret.totals(start, end, rows),
    }


def csv_lines(ret: Return, start: date, end: date) -> Iterator[str]:
    """The CSV file line by line: the bilingual headers (in the language active now, not when the lines are
    read: a streamed response reads them later), then one line per row as it is read."""
    return _lines(ret, start, end, headers(ret))


def _lines(ret: Return, start: date, end: date, heads: list[str]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(heads)  # the BOM: Excel then reads UTF-8
    keys = ret.keys()
    for row in ret.rows(start, end):
        yield writer.writerow(["" if row[k] is None else row[k] for k in keys])


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("money", "percent"):
        return Decimal(value)  # a number in the sheet, exact
    return value


def write_xlsx(ret: Return, start: date, end: date, path: Path) -> None:
    """Write the return to `path` row by row (write-only: the sheet is never held in memory)."""
    from openpyxl import Workbook  # lazy: only XLSX downloads need it

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=ret.kind)
    sheet.append(headers(ret))
    for row in ret.rows(start, end):
        sheet.append([_cell(row[c.key], c.kind) for c in ret.columns])
    book.save(path)


def filename(ret: Return, start: date, end: date, fmt: str) -> str:
    return f"{ret.kind}-{start.isoformat()}-{end.isoformat()}.{fmt}"
