"""Bringing in complaints closed before redress: rows of the CFPB's public complaint database (its layout).

An institution starts with its history, and the dashboards and returns count it with the rest. Each
row becomes a closed complaint of the US-CFPB jurisdiction, forwarded by a regulator (every complaint
in that database reached the company through the CFPB), with one "imported" event on its timeline.

What is kept, and how (the README's "Importing history" says the same for operators):
- The reference is `CFPB-<Complaint ID>`, so importing a file again, or an export that overlaps an
  earlier one, skips the complaints already there and counts them as already imported.
- Dates: received on "Date received"; the company's response date is not published, so the decision
  is dated "Date sent to company" (the day the company got the complaint), and never before receipt.
  Both days are taken at midnight in New York. "Timely response?" is kept as the CFPB gave it.
- Only closed rows come in: "Closed with monetary relief" is upheld, "… non-monetary relief" (and the
  older "Closed with relief") partly upheld, "Closed with explanation", "Closed without relief" and
  "Closed" not upheld. "In progress" and "Untimely response" rows have no decision: skipped.
- Product: the current CFPB name of the row's product (older names mapped by `triage.taxonomy`), then
  the first product of ours mapped to it (`Product.cfpb_product`); its business line too. A product
  none of ours is mapped to is skipped. Reason: from the Issue (`codes.reason_for_cfpb_issue`).
- Channel from "Submitted via": Web → web, Phone → phone, Email → email, Postal mail and Fax →
  letter; Referral (another agency passed it on) and anything else → api, a system-to-system channel.
- The narrative is the description; without one, a line made of the product and the issue. The CFPB
  names no consumer: the name is a placeholder, the address "State ZIP", both encrypted as usual; no
  phone, e-mail or ID number, so no blind index. Issue, Sub-issue, Sub-product, Company, State, ZIP code
  (published by the CFPB, most ZIP codes cut to three digits there: "100XX"), Tags, the company's public
  response, the response, Timely response?, Consumer disputed? and consent are kept under their CFPB
  names in `Complaint.external`, for the CFPB return.

Rows are read as they come and written in batches, each batch in one transaction with its events
(bulk-appended to the hash chains), so a million rows import in flat memory, and an import that stops
keeps every batch before the one it stopped in.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, reset_queries, transaction
from django.db.models import Field, JSONField, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.audit.bulk import NewEvent, copy_field, copy_lines, events_append_many
from redress.codes import selectors as codes
from redress.complaints import cfpb_files as cfpb
from redress.complaints.choices import Channel, Jurisdiction, Outcome, Status
from redress.complaints.models import Complaint
from redress.complaints.search.index import search_index_many
from redress.complaints.selectors import CFPB_REFERENCE_PREFIX
from redress.triage.taxonomy import current_product

BATCH: Final = 1000
SOURCE: Final = "cfpb"
REFERENCE_PREFIX: Final = CFPB_REFERENCE_PREFIX
CUSTOMER_NAME: Final = "CFPB consumer"  # the database names no one; stored encrypted like any name
EXAMPLES_PER_REASON: Final = 5
_NEW_YORK: Final = ZoneInfo("America/New_York")

OUTCOMES: Final[dict[str, str]] = {
    "closed with monetary relief": Outcome.UPHELD,
    "closed with non-monetary relief": Outcome.PARTLY_UPHELD,
    "closed with relief": Outcome.PARTLY_UPHELD,
    "closed with explanation": Outcome.NOT_UPHELD,
    "closed without relief": Outcome.NOT_UPHELD,
    "closed": Outcome.NOT_UPHELD,
}
CHANNELS: Final[dict[str, str]] = {
    "web": Channel.WEB,
    "phone": Channel.PHONE,
    "email": Channel.EMAIL,
    "postal mail": Channel.LETTER,
    "fax": Channel.LETTER,
}
# The columns kept as given in `Complaint.external` (the narrative is the description). State and ZIP code are
# public data the CFPB published with the complaint (the ZIP code masked there): kept as published, for the return.
KEPT: Final = (
    cfpb.COMPLAINT_ID,
    cfpb.PRODUCT,
    cfpb.SUB_PRODUCT,
    cfpb.ISSUE,
    cfpb.SUB_ISSUE,
    cfpb.PUBLIC_RESPONSE,
    cfpb.COMPANY,
    cfpb.STATE,
    cfpb.ZIP_CODE,
    cfpb.TAGS,
    cfpb.CONSENT,
    cfpb.SUBMITTED_VIA,
    cfpb.RESPONSE,
    cfpb.TIMELY,
    cfpb.DISPUTED,
)


class SkipReason(TextChoices):
    NO_ID = "no_id", _("no Complaint ID, or not a number")
    BAD_DATE = "bad_date", _("a date that cannot be read, or is in the future")
    UNKNOWN_PRODUCT = "unknown_product", _("a product none of ours is mapped to")
    NOT_CLOSED = "not_closed", _("not closed (In progress, Untimely response)")


@dataclass(frozen=True)
class SkippedRow:
    row: int  # 1 for the first row after the header
    complaint_id: str
    reason: SkipReason
    value: str  # what was wrong, as given


@dataclass
class ImportResult:
    read: int = 0
    imported: int = 0  # or, in a dry run, that would be
    already_imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: list[SkippedRow] = field(default_factory=list)  # the first few of each reason
    dry_run: bool = False

    def skip(self, row: SkippedRow) -> None:
        self.skipped[row.reason] += 1
        if self.skipped[row.reason] <= EXAMPLES_PER_REASON:
            self.examples.append(row)


class _Skip(Exception):
    def __init__(self, reason: SkipReason, value: str) -> None:
        self.reason, self.value = reason, value


def reference_for(complaint_id: str) -> str | None:
    """CFPB-<id> for a CFPB Complaint ID ("3384392", also "3384392.0" from a spreadsheet); None if none."""
    text = complaint_id.removesuffix(".0")
    if not (text.isascii() and text.isdigit() and len(text) <= 12 and int(text) > 0):
        return None
    return f"{REFERENCE_PREFIX}{int(text)}"


def history_import(
    rows: Iterable[Mapping[str, str]],
    *,
    source: str,
    limit: int | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH,
    progress: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import CFPB rows (keyed by the export's column names) as closed complaints; `source` names the file
    on each timeline. A dry run maps and checks every row and writes nothing. `progress` is called after
    each batch."""
    result = ImportResult(dry_run=dry_run)
    mapper = _Mapper(source=source, now=timezone.now())
    batch: list[Complaint] = []
    for number, row in enumerate(itertools.islice(rows, limit), start=1):
        result.read += 1
        try:
            batch.append(mapper.complaint(row))
        except _Skip as skip:
            result.skip(SkippedRow(number, row.get(cfpb.COMPLAINT_ID, ""), skip.reason, skip.value))
        if len(batch) >= batch_size:
            _write(batch, result, source=source, now=mapper.now, per_row=mapper.per_row)
            batch = []
            if progress:
                progress(result)
    if batch:
        _write(batch, result, source=source, now=mapper.now, per_row=mapper.per_row)
        if progress:
            progress(result)
    return result


@transaction.atomic
def history_insert(complaints: list[Complaint], *, source: str) -> list[Complaint]:
    """Write complaints that are already closed (an earlier system's records, the demo's history), each
    with one "imported" event naming `source`. The caller has given each its reference and dates."""
    every_field = frozenset(f.attname for f in Complaint._meta.local_concrete_fields)
    _store(complaints, every_field, [{"to": c.status, "source": source} for c in complaints], timezone.now())
    return complaints


def _store(complaints: list[Complaint], per_row: frozenset[str], data: list[dict[str, str]], now: datetime) -> None:
    """The complaints, and an "imported" event on each one's timeline with its `data`."""
    _insert(complaints, per_row)
    events_append_many(
        [NewEvent(c.pk, c.reference, "imported", d) for c, d in zip(complaints, data, strict=True)],
        actor_kind="system",
        created_at=now,
    )
    search_index_many(complaints)


def _write(
    batch: list[Complaint], result: ImportResult, *, source: str, now: datetime, per_row: frozenset[str]
) -> None:
    write = functools.partial(_write_once, batch, source=source, now=now, per_row=per_row, dry_run=result.dry_run)
    try:
        new, already = write()
    except IntegrityError:
        # Another import took one of these references between the check and the INSERT: check again.
        for c in batch:
            c.pk = None
            c._state.adding = True
        new, already = write()
    result.imported += len(new)
    result.already_imported += already
    reset_queries()  # with DEBUG on, Django keeps every query: an import of a million rows must not


@transaction.atomic
def _write_once(
    batch: list[Complaint], *, source: str, now: datetime, per_row: frozenset[str], dry_run: bool
) -> tuple[list[Complaint], int]:
    """One batch in one transaction, its complaints and their events; references already taken are left out."""
    new, already = _new_only(batch)
    if not dry_run and new:
        _store(new, per_row, [_event_data(c, source) for c in new], now)
    return new, already


def _insert(new: list[Complaint], per_row: frozenset[str]) -> None:
    """Write the complaints, each given its primary key. PostgreSQL: one COPY, the keys drawn from the
    table's sequence first, every value prepared as Django prepares it for an INSERT (encrypted, aware);
    a field the rows do not set one by one (`per_row`) is the same in all of them, so it is prepared once.
    Elsewhere bulk_create (a third of the speed: Django's INSERT costs ~0.3 ms of CPU a complaint)."""
    if connection.vendor != "postgresql":
        Complaint.objects.bulk_create(new)
        return
    meta = Complaint._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(new)],
        )
        for c, (pk,) in zip(new, cursor.fetchall(), strict=True):
            c.pk = pk
    fields = meta.local_concrete_fields
    shared = [None if f.attname in per_row or f.primary_key else _copy_value(f, new[0]) for f in fields]
    copy_lines(
        meta.db_table,
        [f.column for f in fields],
        ["\t".join(_copy_value(f, c) if v is None else v for f, v in zip(fields, shared, strict=True)) for c in new],
    )
    for c in new:
        c._state.adding, c._state.db = False, connection.alias


def _copy_value(f: Field[Any, Any], obj: Complaint) -> str:
    if isinstance(f, JSONField):  # Django hands PostgreSQL an adapter; COPY takes the JSON text
        return copy_field(getattr(obj, f.attname))
    return copy_field(f.get_db_prep_save(f.pre_save(obj, True), connection))


def _new_only(batch: list[Complaint]) -> tuple[list[Complaint], int]:
    references = [c.reference for c in batch]
    taken = set(Complaint.objects.filter(reference__in=references).values_list("reference", flat=True))
    new: list[Complaint] = []
    for c in batch:
        if c.reference not in taken:
            taken.add(c.reference)  # a complaint twice in one file counts once
            new.append(c)
    return new, len(batch) - len(new)


def _event_data(c: Complaint, source: str) -> dict[str, str]:
    return {"to": c.status, "source": source, "complaint_id": c.external[cfpb.COMPLAINT_ID]}


class _Mapper:
    """A row to its complaint, with what many rows repeat (products, issues) looked up once."""

    def __init__(self, *, source: str, now: datetime) -> None:
        self.source, self.now = source, now
        self.per_row: frozenset[str] = frozenset()  # the fields a complaint takes from its row
        self.shared = {  # every other field is the same for the whole import
            "status": Status.CLOSED,
            "jurisdiction": Jurisdiction.US_CFPB,
            "language": "en",
            "registered_at": now,
            "forwarded_by_regulator": True,
            "is_complaint": True,
        }
        self._products: dict[tuple[str, str], tuple[str, str]] = {}
        self._reasons: dict[str, str] = {}

    def complaint(self, row: Mapping[str, str]) -> Complaint:
        complaint_id = row.get(cfpb.COMPLAINT_ID, "")
        reference = reference_for(complaint_id)
        if reference is None:
            raise _Skip(SkipReason.NO_ID, complaint_id)
        received_day = self._day(row, cfpb.DATE_RECEIVED)
        sent_day = self._day(row, cfpb.DATE_SENT) if row.get(cfpb.DATE_SENT) else received_day
        response = row.get(cfpb.RESPONSE, "")
        outcome = OUTCOMES.get(response.casefold())
        if outcome is None:
            raise _Skip(SkipReason.NOT_CLOSED, response)
        product, business = self._product(row.get(cfpb.PRODUCT, ""), row.get(cfpb.SUB_PRODUCT, ""))
        received_at = _midnight(received_day)
        closed_at = max(_midnight(sent_day), received_at)
        issue = row.get(cfpb.ISSUE, "")
        values = {
            "reference": reference,
            "channel": CHANNELS.get(row.get(cfpb.SUBMITTED_VIA, "").casefold(), Channel.API),
            "received_at": received_at,
            "customer_name": CUSTOMER_NAME,  # the same text, encrypted afresh for each row
            "customer_address": " ".join(v for v in (row.get(cfpb.STATE, ""), row.get(cfpb.ZIP_CODE, "")) if v),
            "description": row.get(cfpb.NARRATIVE, "") or _summary(row),
            "product": product,
            "business": business,
            "reason": self._reason(issue),
            "outcome": outcome,
            "notified_at": closed_at,
            "closed_at": closed_at,
            "review_window_ends_at": closed_at,  # a review of the CFPB's time is not asked for here
            "external": {
                "source": SOURCE,
                **{c: row[c] for c in KEPT if row.get(c)},
                cfpb.COMPLAINT_ID: reference.removeprefix(REFERENCE_PREFIX),
                cfpb.DATE_RECEIVED: received_day.isoformat(),
                cfpb.DATE_SENT: sent_day.isoformat(),
            },
        }
        self.per_row = frozenset(values)
        return Complaint(**self.shared, **values)

    def _day(self, row: Mapping[str, str], column: str) -> date:
        text = row.get(column, "")
        day = cfpb.parse_date(text)
        if day is None or _midnight(day) > self.now:
            raise _Skip(SkipReason.BAD_DATE, f"{column}: {text}")
        return day

    def _product(self, name: str, sub_product: str) -> tuple[str, str]:
        key = (name, sub_product)
        if key not in self._products:
            code = codes.product_for_cfpb(current_product(name, sub_product) or "")
            found = codes.entry("product", code) if code else None
            self._products[key] = (code, found.extra.get("business", "") if found else "")
        code, business = self._products[key]
        if not code:
            raise _Skip(SkipReason.UNKNOWN_PRODUCT, f"{name} / {sub_product}" if sub_product else name)
        return code, business

    def _reason(self, issue: str) -> str:
        if issue not in self._reasons:
            self._reasons[issue] = codes.reason_for_cfpb_issue(issue)
        return self._reasons[issue]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=_NEW_YORK)


def _summary(row: Mapping[str, str]) -> str:
    """The description of a complaint published without its narrative: what the CFPB says it was about."""
    about = ": ".join(v for v in (row.get(cfpb.PRODUCT, ""), row.get(cfpb.ISSUE, "")) if v)
    detail = row.get(cfpb.SUB_ISSUE, "")
    return f"Complaint to the CFPB about {about}" + (f" ({detail})." if detail else ".")
