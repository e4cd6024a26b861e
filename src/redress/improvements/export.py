"""The list of actions as a CSV file, headed in English and Chinese like the other exports, codes in words."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from redress.improvements.models import ImprovementAction
from redress.improvements.selectors import action_summary

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "Id", "编号"),
    ("title", "Title", "标题"),
    ("status_label", "Status", "状态"),
    ("owner_name", "Owner", "负责人"),
    ("department_label", "Department", "部门"),
    ("due_on", "Due on", "到期日"),
    ("overdue", "Overdue", "已逾期"),
    ("went_live_on", "Went live on", "上线日"),
    ("codes", "Linked codes", "关联分类"),
)


def _cell(key: str, row: dict[str, Any]) -> Any:
    value = row[key]
    if key == "codes":
        return "; ".join(c["label"] for c in value)
    if key == "overdue":
        return "yes / 是" if value else ""
    return "" if value is None else value


def actions_csv(actions: Iterable[ImprovementAction]) -> HttpResponse:
    today = timezone.localdate()
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with the mark as UTF-8
    writer = csv.writer(out)
    writer.writerow([f"{en} / {zh}" for _key, en, zh in COLUMNS])
    for action in actions:
        row = action_summary(action, today)
        writer.writerow([_cell(key, row) for key, _en, _zh in COLUMNS])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="improvements-{today.isoformat()}.csv"'
    return response
