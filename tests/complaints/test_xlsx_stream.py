"""The XLSX export is streamed: the workbook leaves in chunks as its rows are written, and opens as a proper
workbook (header in bold, every cell text, characters XML may not hold dropped, spaces kept), in the
caller's language."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.complaints.views.xlsx_stream import xlsx_stream


def test_rows_leave_in_chunks_and_read_back_whole() -> None:
    rows = [["Reference", "Summary"]] + [[f"CMP-{n:06d}", f" <{n}> & 年费\x07 "] for n in range(3000)]
    chunks = list(xlsx_stream(iter(rows), title="Complaints: all [2026]"))
    assert len([c for c in chunks if c]) > 2  # sent as written, not as one file at the end
    book = load_workbook(io.BytesIO(b"".join(chunks)))
    sheet = book.active
    assert sheet.title == "Complaints  all  2026 "
    read = [[c.value for c in row] for row in sheet.iter_rows()]
    assert read[0] == ["Reference", "Summary"] and sheet["A1"].font.b
    assert read[1] == ["CMP-000000", " <0> & 年费 "] and len(read) == 3001
    assert all(c.data_type == "s" for c in sheet[2])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Reference"), ("zh-hans", "投诉编号"), ("zh-hant", "投訴編號")]
)
def test_the_export_is_a_streamed_workbook_in_the_callers_language(
    api: Any, people: dict[str, User], language: str, heading: str
) -> None:
    complaint = walk(register(by=people["intake"]), "assigned", people)
    response = api("compliance").get("/api/v1/complaints/export.xlsx", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="complaints-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == heading and rows[1][0] == complaint.reference
