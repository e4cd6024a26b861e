"""Appending many events at once (the deadline sweep): one head lookup, one write.

The chain format is `event_append`'s: the same `event_hash`, seq + 1 on the complaint's head,
GENESIS for a first event. Callers hold the row locks of every complaint they append to.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Subquery

from redress.audit.chain import PERSONAL_KEYS, split_personal
from redress.audit.models import GENESIS, Event

COLUMNS = ("complaint_id", "seq", "kind", "actor_kind", "actor_id", "data", "created_at", "prev_hash", "hash")


@dataclass(frozen=True)
class NewEvent:
    complaint_id: int
    reference: str
    kind: str
    # JSON types only (see chain.normalize_data): it is hashed as given. No personal values (chain.PERSONAL_KEYS):
    # they are hashed apart and sealed by `event_append` only.
    data: dict[str, Any]


def chain_heads(complaint_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """complaint id -> (seq, hash) of its last event; complaints without events are left out."""
    if not complaint_ids:
        return {}
    if connection.vendor == "postgresql":
        # One backwards probe of the (complaint, seq) index per complaint, whatever the statistics say.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT h.complaint_id, h.seq, h.hash FROM unnest(%s::bigint[]) AS c(id)"
                " CROSS JOIN LATERAL (SELECT complaint_id, seq, hash FROM audit_event"
                " WHERE complaint_id = c.id ORDER BY seq DESC LIMIT 1) AS h",
                [list(complaint_ids)],
            )
            return {cid: (seq, digest) for cid, seq, digest in cursor.fetchall()}
    last = Event.objects.filter(complaint_id=OuterRef("complaint_id")).order_by("-seq").values("seq")[:1]
    rows = Event.objects.filter(complaint_id__in=complaint_ids, seq=Subquery(last)).values_list(
        "complaint_id", "seq", "hash"
    )
    return {cid: (seq, digest) for cid, seq, digest in rows}


def _canonical(value: Any) -> str:
    """chain.event_hash's JSON form of a value (sorted keys, no spaces, not ASCII-escaped)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def events_chain(
    new: Iterable[NewEvent],
    heads: dict[int, tuple[int, str]],
    *,
    actor_kind: str,
    actor_id: int | None,
    created_at: datetime,
) -> list[tuple[Any, ...]]:
    """The rows (in COLUMNS order) of the new events, each chained onto the one before; updates `heads`.
    The `data` of each row is its canonical JSON text (what was hashed), not the dict."""
    # event_hash's content, assembled from its parts: the object's keys in sorted order are actor_id,
    # actor_kind, at, complaint, data, kind, seq, and json.dumps of the whole is the join of the parts.
    # What is the same for every event (actor, time) is written once; the data is encoded once, for the
    # hash and the row alike. test_bulk_chain (tests/deadlines) holds it equal to event_hash.
    at = created_at.astimezone(UTC).isoformat(timespec="microseconds")
    actor = f'"actor_id":{_canonical(actor_id)},"actor_kind":{_canonical(actor_kind)}'
    head = f'{{{actor},"at":{_canonical(at)},"complaint":'
    kinds: dict[str, str] = {}
    rows = []
    for e in new:
        if not PERSONAL_KEYS.isdisjoint(e.data) and split_personal(e.kind, e.data)[1]:
            raise ValueError(f"{e.kind} event with personal values: append it with event_append.")
        seq, prev = heads.get(e.complaint_id, (0, GENESIS))
        seq += 1
        data = _canonical(e.data)
        kind = kinds.get(e.kind) or kinds.setdefault(e.kind, _canonical(e.kind))
        content = f'{head}{_canonical(e.reference)},"data":{data},"kind":{kind},"seq":{seq}}}'
        digest = hashlib.sha256((prev + content).encode("utf-8")).hexdigest()
        rows.append((e.complaint_id, seq, e.kind, actor_kind, actor_id, data, created_at, prev, digest))
        heads[e.complaint_id] = (seq, digest)
    return rows


def events_append_many(
    new: Sequence[NewEvent], *, actor_kind: str, actor_id: int | None = None, created_at: datetime
) -> int:
    """Append `new` in the given order (per complaint) to the complaints' chains; returns how many."""
    if not new:
        return 0
    heads = chain_heads(sorted({e.complaint_id for e in new}))
    rows = events_chain(new, heads, actor_kind=actor_kind, actor_id=actor_id, created_at=created_at)
    if connection.vendor == "postgresql":
        same = f"{copy_field(actor_kind)}\t{copy_field(actor_id)}"
        at = copy_field(created_at)
        copy_lines(
            "audit_event",
            COLUMNS,
            [
                f"{cid}\t{seq}\t{copy_field(kind)}\t{same}\t{copy_field(data)}\t{at}\t{prev}\t{digest}"
                for cid, seq, kind, _actor_kind, _actor, data, _at, prev, digest in rows
            ],
        )
    else:
        events = []
        for row in rows:
            fields = dict(zip(COLUMNS, row, strict=True))
            fields["data"] = json.loads(fields["data"])
            events.append(Event(**fields))
        Event.objects.bulk_create(events, batch_size=2000)
    return len(rows)


def copy_lines(table: str, columns: Sequence[str], lines: Sequence[str]) -> None:
    """PostgreSQL only: COPY rows already in COPY's text format (fields joined by tabs, each made
    with `copy_field`) into the table on the current connection, inside its transaction. One write:
    adapting row by row cost the sweep more than the server's work on the same rows."""
    if not lines:
        return
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write("\n".join(lines) + "\n")


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = re.compile(r"[\\\t\n\r]")


def copy_field(value: Any) -> str:
    """One field of COPY's text format: NULL, an ISO 8601 time with its offset, JSON for dicts and lists."""
    if value is None:
        return "\\N"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    return text.translate(_ESCAPES) if _SPECIAL.search(text) else text
