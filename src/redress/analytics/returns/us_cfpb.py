"""`us-cfpb`: every complaint received in the period, in the CFPB public database's 16-column layout.

Streamed: the facts are read one chunk at a time (`iterator`), never as a list, so a million rows never sit in
memory. Column rules (also in the README):
- Product: the product's CFPB product; Sub-product: the product's English name; Issue: the reason's (else the root
  cause's) CFPB issue; Sub-issue: left empty (no finer code is kept).
- Consumer complaint narrative: only when the customer consented at registration (`narrative_consent`): the
  description with personal data removed (the scrubber, given the complaint's own personal values), each removed
  datum shown as its English label ("[phone number]"); empty without consent. Only consented rows are read and
  scrubbed, a chunk at a time. Company public response, State, ZIP code: empty for our own complaints (the
  customer's address is personal data and is not published).
- Tags: empty (whether a customer is an older American or a servicemember is not recorded).
- Submitted via: Referral when forwarded by a regulator, else from the channel (Web, Phone, Email, Postal mail).
- Company response to consumer: In progress while open; Closed with monetary relief when redress was paid; Closed
  with non-monetary relief when upheld without money; Closed with explanation otherwise.
- Timely response?: Yes when the decision went within its regulatory deadline (or, without a deadline, within 15
  days of receipt), No when it went later; empty while open.
- A complaint imported from the CFPB database (`redress import-cfpb`) gives back the columns the CFPB published
  (sub-product, issue, sub-issue, company, state, ZIP code as published (masked there), tags, public response,
  submitted via, response, timely, date sent), its narrative when the CFPB published it with the consumer's
  consent (already redacted there), and its Complaint ID as the CFPB's number (the reference without `CFPB-`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import pgettext_lazy

from redress.analytics.returns import common
from redress.analytics.returns.columns import Column, Row
from redress.codes import selectors as codes
from redress.complaints.choices import Jurisdiction
from redress.complaints.selectors import CFPB_REFERENCE_PREFIX, consented_narratives, published_records
from redress.core.replica import reading_replica
from redress.privacy.scrubber import render, scrub

CHUNK = 2000
IMPORTED_FROM = Jurisdiction.US_CFPB  # where `redress import-cfpb` puts the complaints it brings in
TIMELY_DAYS = 15
SUBMITTED_VIA = {
    "web": "Web",
    "api": "Web",
    "social": "Web",
    "phone": "Phone",
    "email": "Email",
    "letter": "Postal mail",
    "branch": "In person",
}
COLUMNS = (
    Column("date_received", pgettext_lazy("us-cfpb return", "Date received"), "text"),
    Column("product", pgettext_lazy("us-cfpb return", "Product"), "text"),
    Column("sub_product", pgettext_lazy("us-cfpb return", "Sub-product"), "text"),
    Column("issue", pgettext_lazy("us-cfpb return", "Issue"), "text"),
    Column("sub_issue", pgettext_lazy("us-cfpb return", "Sub-issue"), "text"),
    Column("narrative", pgettext_lazy("us-cfpb return", "Consumer complaint narrative"), "text"),
    Column("company_public_response", pgettext_lazy("us-cfpb return", "Company public response"), "text"),
    Column("company", pgettext_lazy("us-cfpb return", "Company"), "text"),
    Column("state", pgettext_lazy("us-cfpb return", "State"), "text"),
    Column("zip_code", pgettext_lazy("us-cfpb return", "ZIP code"), "text"),
    Column("tags", pgettext_lazy("us-cfpb return", "Tags"), "text"),
    Column("submitted_via", pgettext_lazy("us-cfpb return", "Submitted via"), "text"),
    Column("date_sent_to_company", pgettext_lazy("us-cfpb return", "Date sent to company"), "text"),
    Column("company_response", pgettext_lazy("us-cfpb return", "Company response to consumer"), "text"),
    Column("timely_response", pgettext_lazy("us-cfpb return", "Timely response?"), "text"),
    Column("complaint_id", pgettext_lazy("us-cfpb return", "Complaint ID"), "text"),
)
_FIELDS = (
    "reference",
    "jurisdiction",
    "received_on",
    "product",
    "reason",
    "root_cause",
    "channel",
    "forwarded_by_regulator",
    "is_open",
    "upheld",
    "redress_paid",
    "within_deadline",
    "days_to_close",
    "complaint_id",
)
# Columns an imported complaint keeps as the CFPB published them (`Complaint.external`), given back as they were.
_KEPT = {
    "sub_product": "Sub-product",
    "issue": "Issue",
    "sub_issue": "Sub-issue",
    "company_public_response": "Company public response",
    "company": "Company",
    "state": "State",
    "zip_code": "ZIP code",
    "tags": "Tags",
    "submitted_via": "Submitted via",
    "company_response": "Company response to consumer",
    "timely_response": "Timely response?",
}


def _issue(reason: str, root_cause: str) -> str:
    for kind, code in (("reason", reason), ("root_cause", root_cause)):
        found = codes.entry(kind, code) if code else None
        if found and found.extra.get("cfpb_issue"):
            return found.extra["cfpb_issue"]
    return ""


def company_response(fact: dict[str, Any]) -> str:
    if fact["is_open"]:
        return "In progress"
    if fact["redress_paid"]:
        return "Closed with monetary relief"
    if fact["upheld"]:
        return "Closed with non-monetary relief"
    return "Closed with explanation"


def timely(fact: dict[str, Any]) -> str:
    if fact["is_open"]:
        return ""
    if fact["within_deadline"] is not None:
        return "Yes" if fact["within_deadline"] else "No"
    return "Yes" if (fact["days_to_close"] or 0) <= TIMELY_DAYS else "No"


def _row(fact: dict[str, Any], company: str, source: tuple[dict[str, Any], str] | None = None) -> Row:
    row = _own_row(fact, company)
    if source is not None:  # imported from the CFPB's own database: what it published, as it published it
        external, description = source
        row.update({key: str(external[name]) for key, name in _KEPT.items() if external.get(name)})
        if external.get("Date sent to company"):
            row["date_sent_to_company"] = str(external["Date sent to company"])
        if external.get("Consumer consent provided?") == "Consent provided":  # published already, redacted there
            row["narrative"] = description
        # The CFPB's own number, as published (the reference is CFPB-<that number>): an export of an imported
        # history matches the CFPB's records row for row.
        row["complaint_id"] = fact["reference"].removeprefix(CFPB_REFERENCE_PREFIX)
    return row


def narrative(description: str, known: list[tuple[str, str]]) -> str:
    """A consented description for publication: personal data out, each removed datum as its English label (the
    layout is the CFPB's, in English whatever the reader's language)."""
    with translation.override("en"):
        return render(scrub(description, known=known)).strip()


def _own_row(fact: dict[str, Any], company: str) -> Row:
    product = codes.entry("product", fact["product"]) if fact["product"] else None
    received = fact["received_on"].isoformat()
    return {
        "date_received": received,
        "product": product.extra.get("cfpb_product", "") if product else "",
        "sub_product": product.label_en if product else "",
        "issue": _issue(fact["reason"], fact["root_cause"]),
        "sub_issue": "",
        "narrative": "",
        "company_public_response": "",
        "company": company,
        "state": "",
        "zip_code": "",
        "tags": "",
        "submitted_via": "Referral" if fact["forwarded_by_regulator"] else SUBMITTED_VIA.get(fact["channel"], "Web"),
        "date_sent_to_company": received,
        "company_response": company_response(fact),
        "timely_response": timely(fact),
        "complaint_id": fact["reference"],
    }


def rows(start: date, end: date) -> Iterator[Row]:
    """The rows, read from the database a chunk at a time (on the replica when there is one)."""
    facts = common.fresh_facts().filter(common.received_in(start, end)).order_by("received_on", "reference")
    with reading_replica():
        alias = facts.db  # chosen now; the cursor stays on it while the rows are read
    company = settings.REDRESS_INSTITUTION_NAME
    chunk: list[dict[str, Any]] = []
    for fact in facts.using(alias).values(*_FIELDS).iterator(chunk_size=CHUNK):
        chunk.append(fact)
        if len(chunk) == CHUNK:
            yield from _chunk_rows(chunk, company, alias)
            chunk = []
    yield from _chunk_rows(chunk, company, alias)


def _chunk_rows(chunk: list[dict[str, Any]], company: str, alias: str) -> Iterator[Row]:
    # Only the CFPB's own complaints were imported with a published record: the other rows need no lookup.
    imported = [f["complaint_id"] for f in chunk if f["jurisdiction"] == IMPORTED_FROM and f["forwarded_by_regulator"]]
    sources = published_records(imported, alias) if imported else {}
    # Our own complaints' narratives: read (and scrubbed) only for those whose customer consented.
    own = [f["complaint_id"] for f in chunk if f["complaint_id"] not in sources]
    consented = consented_narratives(own, alias) if own else {}
    for fact in chunk:
        row = _row(fact, company, sources.get(fact["complaint_id"]))
        if fact["complaint_id"] in consented:
            row["narrative"] = narrative(*consented[fact["complaint_id"]])
        yield row


def totals(start: date, end: date, figures: list[Row] | None = None) -> dict[str, Any]:
    """How many rows, closed and in progress (counted in the database, not from the streamed rows)."""
    facts = common.fresh_facts().filter(common.received_in(start, end))
    with reading_replica():
        found = facts.aggregate(
            complaints=Count("pk"),
            closed=Count("pk", filter=Q(is_open=False)),
            in_progress=Count("pk", filter=Q(is_open=True)),
        )
    return {name: int(found[name] or 0) for name in ("complaints", "closed", "in_progress")}
