"""The case library as the API, the CSV file and the command line give it: one shape for all three."""

from __future__ import annotations

import csv
import io
from typing import Any

from redress.accounts.models import Role
from redress.casebook.markdown import markdown_html
from redress.casebook.models import Guide, TeachingCase
from redress.casebook.selectors import DepartmentRow, Required, case_origin
from redress.core.api import iso
from redress.core.presenters import choice_label
from redress.privacy.scrubber import render

# The CSV's headers in both languages, like the regulator returns': a file read by people of either.
CSV_COLUMNS = (
    ("department", "Department / 部门"),
    ("department_name", "Department name / 部门名称"),
    ("username", "Username / 用户名"),
    ("name", "Name / 姓名"),
    ("role", "Role / 角色"),
    ("required", "Required / 应读"),
    ("read", "Read / 已读"),
    ("complete", "Complete / 已完成"),
    ("missing", "Not yet read / 未读"),
)
YES_NO = {True: "yes / 是", False: "no / 否"}


def required_json(item: Required) -> dict[str, Any]:
    return {"kind": item.kind, "id": item.id, "title": item.title}


def training_json(report: list[DepartmentRow], *, year: int, required: list[Required]) -> dict[str, Any]:
    return {
        "year": year,
        "required": [required_json(r) for r in required],
        "departments": [
            {
                "code": d.code,
                "name": d.name,
                "staff_count": len(d.staff),
                "complete": d.complete,
                "incomplete": d.incomplete,
                "staff": [
                    {
                        "username": s.username,
                        "name": s.name,
                        "role": s.role,
                        "required": s.required,
                        "read": s.read,
                        "complete": s.complete,
                        "missing": [required_json(m) for m in s.missing],
                    }
                    for s in d.staff
                ],
            }
            for d in report
        ],
    }


def training_csv(report: list[DepartmentRow]) -> str:
    """One line per member of staff (a BOM first, so spreadsheets read UTF-8)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([header for _key, header in CSV_COLUMNS])
    for d in report:
        for s in d.staff:
            writer.writerow(
                [
                    d.code,
                    d.name,
                    s.username,
                    s.name,
                    choice_label(Role, s.role),
                    s.required,
                    s.read,
                    YES_NO[s.complete],
                    "; ".join(m.title for m in s.missing),
                ]
            )
    return out.getvalue()


def case_json(case: TeachingCase, *, origin: bool, read: bool) -> dict[str, Any]:
    """A case for the API: codes as codes, texts scrubbed (markers shown as labels in the reader's language).
    `origin`: whether the caller may see which complaint it came from."""
    data: dict[str, Any] = {
        "id": case.pk,
        "lesson": render(case.lesson),
        "required_for_year": case.required_for_year,
        "marked_by": case.marked_by.username if case.marked_by_id else None,
        "marked_at": iso(case.marked_at),
        "business": case.business,
        "product": case.product,
        "reason": case.reason,
        "root_cause": case.root_cause,
        "outcome": case.outcome,
        "jurisdiction": case.jurisdiction,
        "channel": case.channel,
        "received_on": case.received_on.isoformat() if case.received_on else None,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "what_happened": render(case.description),
        "desired_outcome": render(case.desired_outcome),
        "what_was_found": render(case.findings),
        "resolution": render(case.plan_summary),
        "redress": case.redress,
        "letter": render(case.letter),
    }
    data["complaint"] = case_origin(case) if origin else None
    data["read_this_year"] = read
    return data


def case_row_json(case: TeachingCase) -> dict[str, Any]:
    """A case in a list: what finds it, and its lesson."""
    return {
        "id": case.pk,
        "lesson": render(case.lesson),
        "business": case.business,
        "reason": case.reason,
        "outcome": case.outcome,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "required_for_year": case.required_for_year,
    }


def guide_json(guide: Guide, *, full: bool, read: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": guide.pk,
        "title": guide.title,
        "situation": guide.situation.code if guide.situation else None,
        "required_for_year": guide.required_for_year,
        "updated_at": iso(guide.updated_at),
    }
    if full:
        data["business_lines"] = [b.code for b in guide.business_lines.all()]
        data["body_markdown"] = guide.body
        data["body_html"] = markdown_html(guide.body)
        data["read_this_year"] = read
    return data
