"""The rows of the queue (and of its exports): every cell a ready string, read as plain values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from redress.accounts.presenters import person_name
from redress.codes import selectors as codes
from redress.complaints.choices import OPEN_STATUSES, Channel, Status
from redress.complaints.models import Complaint
from redress.complaints.queue_selectors import SUMMARY_CHARS, with_summary
from redress.complaints.search.query import Snippet
from redress.complaints.templatetags.complaints_ui import status_group
from redress.complaints.views.due import Due, due_of, local_text
from redress.privacy.masking import mask_free_text, mask_name
from redress.privacy.scrubber import kind_label
from redress.triage.selectors import flag_labels


@dataclass(frozen=True)
class QueueRow:
    """One row of the queue, every cell a ready string: the template only places them."""

    id: int
    reference: str
    url: str
    urgent: bool
    flags: list[str]  # labels
    received_iso: str
    received_local: str
    status: str
    status_group: str
    status_label: str
    due: Due | None
    next_due_at: datetime | None
    received_at: datetime
    channel_label: str
    product: str
    customer: str
    assignee: str
    summary: str
    match: Snippet | None = None  # a search's: where its words matched


# What a row reads: plain values, no model instances (the page's rows are most of its cost).
ROW_FIELDS = (
    "id",
    "reference",
    "urgent",
    "flags",
    "received_at",
    "status",
    "next_due_at",
    "jurisdiction",
    "channel",
    "product",
    "customer_name",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "summary",
)

URGENT_FIRST = 10
_TAIL = re.compile(r"[0-9A-Za-z@.+_\-]+$")


def row_values(qs: QuerySet[Complaint]) -> QuerySet[Any]:
    return with_summary(qs).values(*ROW_FIELDS)


def urgent_first(qs: QuerySet[Complaint]) -> QuerySet[Any]:
    """The open urgent ones among `qs` as row values, soonest deadline first (a partial index keeps this cheap)."""
    urgent = qs.filter(urgent=True, status__in=OPEN_STATUSES)
    return row_values(urgent.order_by(F("next_due_at").asc(nulls_last=True), "id"))[:URGENT_FIRST]


def summary_text(text: str | None, name: str | None, *, unmasked: bool) -> str:
    """The start of the description, one line; its personal data as labels for a reader who sees it masked."""
    text = (text or "")[:SUMMARY_CHARS]
    words = " ".join(text.split())
    cut = len(text) >= SUMMARY_CHARS
    if cut:  # a number or an address cut short at the end would escape the scrubber: leave it out
        words = _TAIL.sub("", words)
    if not unmasked:
        # The scrubber's rules find numbers, addresses and the like; the customer's name (not a pattern) is
        # replaced as plain text, with its parts: giving it to the scrubber as a known value would compile a
        # pattern per customer, which a list of thousands of customers pays on every row.
        words = mask_free_text(words)
        for value in _name_forms(name):
            words = words.replace(value, f"[{kind_label('name')}]")
    return f"{words}…" if cut else words


def _name_forms(name: str | None) -> list[str]:
    whole = " ".join((name or "").split())
    forms = [whole, whole.replace(" ", ""), *whole.split(" ")]
    # Longest first, so a part never splits the whole; a single character is no one's name.
    return sorted({f for f in forms if len(f) > 1}, key=len, reverse=True)


def customer_text(name: str | None, *, unmasked: bool) -> str:
    return (name or "") if unmasked else mask_name(name)


def queue_rows(values: list[dict[str, Any]], zones: dict[str, str], *, unmasked: bool) -> list[QueueRow]:
    """Queue rows from `ROW_FIELDS` values; `zones`: the policies' time zones by jurisdiction; `unmasked`: the
    reader's role sees personal data (`queue_selectors.sees_names`)."""
    now = timezone.now()
    here = timezone.get_current_timezone()
    # Labels and links are worked out once per page, not once per row in the template.
    statuses, channels = dict(Status.choices), dict(Channel.choices)
    detail = reverse("complaints:detail", args=["CMP-00000000-000000"]).replace("CMP-00000000-000000", "{}")
    rows = []
    for v in values:
        received = v["received_at"].astimezone(here)
        status = v["status"]
        first, last = v["assignee__first_name"] or "", v["assignee__last_name"] or ""
        rows.append(
            QueueRow(
                id=v["id"],
                reference=v["reference"],
                url=detail.format(v["reference"]),
                urgent=v["urgent"],
                flags=flag_labels(v["flags"] or []),
                received_iso=received.isoformat(),
                received_local=local_text(received),
                status=status,
                status_group=status_group(status),
                status_label=str(statuses.get(status, status)),
                due=due_of(v["next_due_at"], now, zones.get(v["jurisdiction"], ""))
                if status in OPEN_STATUSES
                else None,
                next_due_at=v["next_due_at"],
                received_at=v["received_at"],
                channel_label=str(channels.get(v["channel"], v["channel"])),
                product=codes.label("product", v["product"] or ""),
                customer=customer_text(v["customer_name"], unmasked=unmasked),
                assignee=person_name(v["assignee__username"] or "", first, last),
                summary=summary_text(v.get("summary"), v["customer_name"], unmasked=unmasked),
            )
        )
    return rows
