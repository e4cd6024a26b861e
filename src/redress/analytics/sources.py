"""What the facts of one batch of complaints need from the other apps, read through their selectors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from redress.complaints.selectors import approved_redress, complaint_report_rows
from redress.deadlines.selectors import decision_due
from redress.triage.selectors import suggested_flags


@dataclass(frozen=True)
class Batch:
    complaints: list[dict[str, Any]]
    redress: dict[int, tuple[str, Decimal]]  # complaint id -> (currency, total) of the approved plan
    decision_due: dict[int, datetime]  # complaint id -> the decision clock's due time
    flags: dict[int, list[str]]


def batch(ids: Sequence[int]) -> Batch:
    return Batch(complaint_report_rows(ids), approved_redress(ids), decision_due(ids), suggested_flags(ids))
