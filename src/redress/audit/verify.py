"""Check the audit record: every chain link, every checkpointed head still present, and every checkpoint
against its anchors outside the database (its signature; its copy in the anchor file)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef

from redress.audit.anchor import anchor_read, signature_problem, verify_keys
from redress.audit.chain import ERASED, checkpoint_hash, event_hash, personal_digest
from redress.audit.models import GENESIS, Checkpoint, CheckpointHead, Event
from redress.audit.sealing import SEALED, sealed_parts, stored_data
from redress.complaints.models import Complaint
from redress.privacy.crypto import DecryptionError


@dataclass(frozen=True)
class Break:
    reference: str
    seq: int | None
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.reference} event #{self.seq} (id {self.event_id})" if self.seq else self.reference
        return f"{where}: {self.problem}"


@dataclass
class Report:
    chains: int = 0
    events: int = 0
    checkpoints: int = 0
    signed: int = 0  # checkpoints whose signature was checked
    anchored: int = 0  # checkpoints found in the anchor file
    signatures_checked: bool = False  # a public key was at hand
    first_break: Break | None = None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_audit(*, chunk: int = 5000, anchor_file: str | None = None) -> Report:
    """Walk every chain in (complaint, seq) order, then the checkpoints; stop at the first break.
    `anchor_file`: a copy of the anchor file to check against (default REDRESS_AUDIT_ANCHOR_FILE).
    Raises AnchorError when a configured key or anchor file cannot be read."""
    report = Report()
    report.first_break = (
        _verify_events(report, chunk)
        or _verify_checkpoints(report)
        or _verify_anchors(report, anchor_file or settings.REDRESS_AUDIT_ANCHOR_FILE)
    )
    return report


def erased_through() -> dict[int, int]:
    """complaint id -> the last seq an `erased` event covers (the personal values of the events before it)."""
    through: dict[int, int] = {}
    rows = Event.objects.filter(kind="erased").annotate(stored=stored_data()).values_list("complaint_id", "stored")
    for complaint_id, data in rows:  # read as stored: an `erased` event has nothing sealed
        through[complaint_id] = max(through.get(complaint_id, 0), int(data.get("through_seq") or 0))
    return through


def _event_data(stored: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(the event's data with its sealed values merged back, None) or (None, what is wrong with the token)."""
    try:
        public, sealed = sealed_parts(stored)
    except DecryptionError as exc:
        return None, f"sealed personal content cannot be read, forged or its key not configured ({exc})"
    if not sealed.keys().isdisjoint(public):
        return None, "personal content both sealed and in clear (edited)"
    return {**public, **sealed}, None


def _personal_problem(e: Event, stored: dict[str, Any], data: dict[str, Any], erased: dict[int, int]) -> str | None:
    """What is wrong with an event's personal values, or None: unerased, they match their digest;
    erased, each is the placeholder, nothing is left sealed, and a later `erased` event of the same
    complaint covers the event."""
    personal: dict[str, Any] = e.personal or {}
    keys = personal.get("keys") or []
    if "salt" in personal:
        values = {k: data.get(k) for k in keys}
        if personal_digest(salt=personal["salt"], personal=values) != personal.get("digest"):
            return "personal content does not match its digest (edited)"
        return None
    if erased.get(e.complaint_id, 0) < e.seq:
        return "personal content erased without an erasure on the timeline"
    if any(data.get(k) != ERASED for k in keys) or SEALED in stored:
        return "erased content was written over (edited)"
    return None


def _verify_events(report: Report, chunk: int) -> Break | None:
    erased = erased_through()
    current: int | None = None
    prev, expected_seq = GENESIS, 1
    last_key = (0, 0)
    while True:
        rows = list(
            Event.objects.filter(complaint_id__gte=last_key[0])
            .exclude(complaint_id=last_key[0], seq__lte=last_key[1])
            .order_by("complaint_id", "seq")
            .select_related("complaint")
            .annotate(stored=stored_data())
            .only(
                "id",
                "complaint_id",
                "seq",
                "kind",
                "actor_kind",
                "actor_id",
                "personal",
                "created_at",
                "prev_hash",
                "hash",
                "complaint__reference",
            )[:chunk]
        )
        if not rows:
            break
        for e in rows:
            if e.complaint_id != current:
                current, prev, expected_seq = e.complaint_id, GENESIS, 1
                report.chains += 1
            ref = e.complaint.reference
            if e.seq != expected_seq:
                return Break(ref, e.seq, e.id, f"event #{expected_seq} is missing (deleted)")
            if e.prev_hash != prev:
                return Break(ref, e.seq, e.id, "does not link to the event before it")
            data, unreadable = _event_data(e.stored)
            if data is None:
                return Break(ref, e.seq, e.id, str(unreadable))
            personal = e.personal
            keys = list(personal.get("keys") or []) if isinstance(personal, dict) else []
            digest = event_hash(
                prev_hash=e.prev_hash,
                reference=ref,
                seq=e.seq,
                kind=e.kind,
                actor_kind=e.actor_kind,
                actor_id=e.actor_id,
                created_at=e.created_at,
                data={k: v for k, v in data.items() if k not in keys} if personal is not None else data,
                personal=(keys, str(personal.get("digest", ""))) if isinstance(personal, dict) else None,
            )
            if digest != e.hash:
                return Break(ref, e.seq, e.id, "content does not match its hash (edited)")
            if personal is not None:
                problem = _personal_problem(e, e.stored, data, erased)
                if problem:
                    return Break(ref, e.seq, e.id, problem)
            prev, expected_seq = e.hash, e.seq + 1
            report.events += 1
        last_key = (rows[-1].complaint_id, rows[-1].seq)
    without_events = Complaint.objects.filter(events__isnull=True).values_list("reference", flat=True).first()
    if without_events:
        return Break(without_events, None, None, "the complaint has no timeline (events deleted)")
    return None


def _verify_checkpoints(report: Report) -> Break | None:
    prev = GENESIS
    for checkpoint in Checkpoint.objects.order_by("id").iterator():
        heads = CheckpointHead.objects.filter(checkpoint=checkpoint).values_list("complaint_id", "seq", "event_hash")
        expected = checkpoint_hash(prev_hash=prev, last_event_id=checkpoint.last_event_id, heads=heads)
        if checkpoint.prev_hash != prev or checkpoint.hash != expected:
            return Break(f"checkpoint {checkpoint.id}", None, None, "checkpoint does not match its hash")
        prev = checkpoint.hash
        report.checkpoints += 1
    # Events are append-only, so every head ever checkpointed must still be there.
    still_there = Event.objects.filter(
        complaint_id=OuterRef("complaint_id"), seq=OuterRef("seq"), hash=OuterRef("event_hash")
    )
    gone = CheckpointHead.objects.exclude(Exists(still_there)).order_by("checkpoint_id", "complaint_id").first()
    if gone is not None:
        return Break(gone.reference, gone.seq, None, "a checkpointed event is gone (complaint or events deleted)")
    return None


def _verify_anchors(report: Report, anchor_file: str) -> Break | None:
    return _verify_signatures(report) or (_verify_anchor_file(report, anchor_file) if anchor_file else None)


def _verify_signatures(report: Report) -> Break | None:
    """With a public key at hand: every signed checkpoint's signature holds, none after a signed one is unsigned,
    and the newest is signed (so a rebuilt chain cannot hide behind checkpoints made again without the key)."""
    keys = verify_keys()
    report.signatures_checked = bool(keys)
    if not keys:
        return None
    last: Checkpoint | None = None
    for checkpoint in Checkpoint.objects.order_by("id").iterator():
        where = f"checkpoint {checkpoint.id}"
        if checkpoint.signature:
            problem = signature_problem(checkpoint, keys)
            if problem:
                return Break(where, None, None, problem)
            report.signed += 1
        elif report.signed:
            return Break(where, None, None, "not signed, though an earlier checkpoint is (forged)")
        last = checkpoint
    if last is not None and not last.signature:
        return Break(
            f"checkpoint {last.id}",
            None,
            None,
            "the newest checkpoint is not signed (forged, or none written since the key was set: "
            "run `redress audit checkpoint`)",
        )
    if last is None and Event.objects.exists():
        return Break(
            "checkpoints",
            None,
            None,
            "no signed checkpoint (deleted, or none written yet: run `redress audit checkpoint`)",
        )
    return None


def _verify_anchor_file(report: Report, anchor_file: str) -> Break | None:
    """Every checkpoint copied to the anchor file is in the database as it was copied, the lines in order."""
    lines = anchor_read(anchor_file)
    # every checkpoint's two hashes (a few hundred bytes each; one query however long the file)
    rows = {pk: (digest, prev) for pk, digest, prev in Checkpoint.objects.values_list("id", "hash", "prev_hash")}
    previous: dict[str, Any] | None = None
    for line in lines:
        where = f"checkpoint {line['id']}"
        if previous is not None and (line["id"] <= previous["id"] or line.get("prev_hash") != previous.get("hash")):
            return Break(where, None, None, "its line in the anchor file does not follow the one before (edited)")
        row = rows.get(line["id"])
        if row is None:
            return Break(where, None, None, "in the anchor file but gone from the database (deleted)")
        if row != (line.get("hash"), line.get("prev_hash")):
            return Break(where, None, None, "differs from its copy in the anchor file (rebuilt)")
        previous = line
        report.anchored += 1
    return None
