"""The dashboard's charts as people read them: titles, the columns of each table and CSV, and CSV itself."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Chart:
    key: str  # the endpoint's path segment and the page's element id
    title: Promise
    columns: tuple[tuple[str, Promise], ...]  # (row key, heading): what the table and the CSV show


_CLOSED_COLUMNS = (
    ("closed_within_3_business_days", _("Closed within 3 business days")),
    ("closed_within_deadline", _("Closed within the deadline")),
    ("closed_after_deadline", _("Closed after the deadline")),
    ("open_on_time", _("Open, on time")),
    ("open_past_80_percent", _("Open, over 80 percent of the time gone")),
    ("open_breached", _("Open, deadline breached")),
)

CHARTS: Final[tuple[Chart, ...]] = (
    Chart(
        "volume",
        _("Complaints received and closed"),
        (
            ("period", _("Period")),
            ("received", _("Received")),
            ("closed", _("Closed")),
            ("expected", _("Expected")),
            ("upper", _("Alert threshold")),
        ),
    ),
    Chart(
        "business-reason",
        _("Complaints by business line and reason"),
        (("business_label", _("Business line")), ("reason_label", _("Reason")), ("count", _("Complaints"))),
    ),
    Chart(
        "pareto",
        _("Main reasons (Pareto)"),
        (
            ("reason_label", _("Reason")),
            ("count", _("Complaints")),
            ("share", _("Share (%)")),
            ("cumulative_share", _("Cumulative share (%)")),
        ),
    ),
    Chart("timeliness", _("Timeliness by jurisdiction"), (("jurisdiction_label", _("Jurisdiction")), *_CLOSED_COLUMNS)),
    Chart(
        "outcomes",
        _("Outcomes and redress by business line"),
        (
            ("business_label", _("Business line")),
            ("closed", _("Closed")),
            ("upheld_rate", _("Upheld (%)")),
            ("partly_upheld_rate", _("Partly upheld (%)")),
            ("not_upheld_rate", _("Not upheld (%)")),
            ("redress_paid", _("Redress paid")),
        ),
    ),
    Chart("ageing", _("Ageing of open complaints"), (("bucket_label", _("Days open")), ("count", _("Complaints")))),
    Chart(
        "satisfaction",
        _("Satisfaction and review requests"),
        (
            ("month", _("Month closed")),
            ("satisfied", _("Satisfied")),
            ("dissatisfied", _("Dissatisfied")),
            ("no_response", _("No response")),
            ("not_asked", _("Not asked yet")),
            ("review_requested", _("Reviews requested")),
        ),
    ),
    Chart(
        "enquiries",
        _("Enquiries (not complaints), counted apart"),
        (("channel_label", _("Channel")), ("count", _("Enquiries"))),
    ),
)
# The spike alerts: a table beside the charts (the volume chart marks them), with its own endpoint and CSV.
SPIKES: Final = Chart(
    "spikes",
    _("Spike alerts"),
    (
        ("day", _("Day")),
        ("series_label", _("Series")),
        ("count", _("Complaints")),
        ("expected", _("Expected")),
        ("level_label", _("Level")),
    ),
)
BY_KEY: Final = {c.key: c for c in (*CHARTS, SPIKES)}
# The series the page draws where they are not a table column of the same name.
OUTCOME_SERIES: Final = (
    ("upheld_rate", _("Upheld")),
    ("partly_upheld_rate", _("Partly upheld")),
    ("not_upheld_rate", _("Not upheld")),
)
SATISFACTION_SERIES: Final = (
    ("satisfied", _("Satisfied")),
    ("dissatisfied", _("Dissatisfied")),
    ("no_response", _("No response")),
    ("not_asked", _("Not asked yet")),
)


def cell(value: Any) -> str:
    """A value as a table cell or CSV field: money per currency as "CNY 200.00; GBP 5.00"."""
    if isinstance(value, list):
        return "; ".join(f"{m['currency']} {m['amount']}" for m in value)
    return "" if value is None else str(value)


def with_band(rows: list[dict[str, Any]], expected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The volume rows with their day's expected count and alert threshold, where there is a band."""
    band = {e["period"]: e for e in expected}
    return [
        {**r, **{k: band[r["period"]][k] for k in ("expected", "upper")}} if r["period"] in band else r for r in rows
    ]


def table(chart: Chart, rows: Iterable[dict[str, Any]]) -> list[list[str]]:
    return [[cell(row.get(key)) for key, _heading in chart.columns] for row in rows]


def to_csv(chart: Chart, rows: Iterable[dict[str, Any]]) -> str:
    """The chart's rows as CSV, with the headings in the reader's language (a BOM, so spreadsheets read UTF-8)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(heading) for _key, heading in chart.columns])
    writer.writerows(table(chart, rows))
    return out.getvalue()
