"""Check the audit record: every chain link, and every checkpointed head still present."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from redress.audit.chain import checkpoint_hash, event_hash
from redress.audit.models import GENESIS, Checkpoint, CheckpointHead, Event
from redress.complaints.models import Complaint


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
    first_break: Break | None = None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_audit(*, chunk: int = 5000) -> Report:
    """Walk every chain in (complaint, seq) order; stop at the first break."""
    report = Report()
    report.first_break = _verify_events(report, chunk) or _verify_checkpoints(report)
    return report


def _verify_events(report: Report, chunk: int) -> Break | None:
    current: int | None = None
    prev, expected_seq = GENESIS, 1
    last_key = (0, 0)
    while True:
        rows = list(
            Event.objects.filter(complaint_id__gte=last_key[0])
            .exclude(complaint_id=last_key[0], seq__lte=last_key[1])
            .order_by("complaint_id", "seq")
            .select_related("complaint")
            .only(
                "id",
                "complaint_id",
                "seq",
                "kind",
                "actor_kind",
                "actor_id",
                "data",
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
            digest = event_hash(
                prev_hash=e.prev_hash,
                reference=ref,
                seq=e.seq,
                kind=e.kind,
                actor_kind=e.actor_kind,
                actor_id=e.actor_id,
                created_at=e.created_at,
                data=e.data,
            )
            if digest != e.hash:
                return Break(ref, e.seq, e.id, "content does not match its hash (edited)")
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
