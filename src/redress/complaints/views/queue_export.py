"""A queue's list as CSV or XLSX: every complaint the filters select (not one page), streamed, with the
customer's name and the summary masked as the list shows them to the reader's role."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from redress.accounts.models import User
from redress.accounts.presenters import user_of
from redress.complaints.queue_selectors import export_rows, sees_names
from redress.complaints.views.due import policy_timezones
from redress.complaints.views.queue import listed_for
from redress.complaints.views.queue_rows import queue_rows

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BATCH = 500


def export_header() -> list[str]:
    return [
        _("Reference"),
        _("Received at"),
        _("Status"),
        _("Due"),
        _("Time zone of the deadline"),
        _("Days left"),
        _("Channel"),
        _("Product"),
        _("Customer"),
        _("Assignee"),
        _("Department"),
        _("Summary"),
    ]


def export_cells(qs: Any, user: User) -> Iterator[list[str]]:
    """The header, then a row of text cells per complaint of `qs` (in its order), read in batches."""
    yield export_header()
    zones = policy_timezones()
    here = timezone.get_current_timezone_name()
    unmasked = sees_names(user)
    batch: list[dict[str, Any]] = []

    def cells(values: list[dict[str, Any]]) -> Iterator[list[str]]:
        departments = {v["id"]: v["department__code"] or "" for v in values}
        for row in queue_rows(values, zones, unmasked=unmasked):
            due = row.due
            yield [
                row.reference,
                row.received_local,
                row.status_label,
                due.local if due else "",
                (due.timezone or here) if due else "",
                str(due.days_left) if due else "",
                row.channel_label,
                row.product,
                row.customer,
                row.assignee,
                departments[row.id],
                row.summary,
            ]

    for values in export_rows(qs):
        values.setdefault("flags", [])
        batch.append(values)
        if len(batch) >= _BATCH:
            yield from cells(batch)
            batch = []
    yield from cells(batch)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheets read the file as UTF-8 (the Chinese labels and names)
    for row in rows:
        yield writer.writerow([_defused(cell) for cell in row])


def _defused(cell: str) -> str:
    """A cell a spreadsheet would take for a formula starts with a quote instead (CSV injection)."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _filename(extension: str) -> str:
    return f"complaints-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def csv_response(qs: Any, user: User) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_stream(export_cells(qs, user)), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(qs: Any, user: User) -> FileResponse:
    """A write-only workbook (rows go to disk as they come, not held in memory), sent from a temporary file."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Complaints")[:31])
    for row in export_cells(qs, user):
        sheet.append([_defused(cell) for cell in row])  # openpyxl takes a text starting with "=" for a formula
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
    book.save(spool)
    spool.seek(0)
    response = FileResponse(spool, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def export_response(qs: Any, user: User, kind: str) -> HttpResponse | StreamingHttpResponse | FileResponse:
    return xlsx_response(qs, user) if kind == "xlsx" else csv_response(qs, user)


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse | StreamingHttpResponse | FileResponse:
    """/complaints/export.csv and .xlsx: the queue's list with the filters of the page (its query string)."""
    user = user_of(request)
    qs, status = listed_for(request, user)
    if status != 200:
        return HttpResponse(_("These filters cannot be exported: correct them on the queue first."), status=status)
    return export_response(qs, user, kind)
