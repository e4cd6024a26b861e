"""Writes to the audit record. Callers hold the complaint's row lock (or just created it)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from redress.audit.anchor import anchor_sync, sign, signing_key
from redress.audit.chain import checkpoint_hash, event_hash, normalize_data, personal_digest, split_personal
from redress.audit.models import GENESIS, Checkpoint, CheckpointHead, Event
from redress.core.rows import insert

if TYPE_CHECKING:
    from redress.complaints.models import Complaint
    from redress.complaints.workflow import Actor

# Called after each event appended by `event_append`, in its transaction, with the complaint and the event: an
# app above audit that keeps something derived from a complaint's timeline registers here in its `ready()`
# (complaints: the search index).
appended: list[Callable[[Complaint, Event], None]] = []


def event_append(*, complaint: Complaint, kind: str, actor: Actor, data: dict[str, Any], first: bool = False) -> Event:
    """Append to the complaint's chain. `first`: the complaint was just created, so there is no head to read."""
    last = (
        None if first else Event.objects.filter(complaint=complaint).order_by("-seq").values_list("seq", "hash").first()
    )
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    created_at = timezone.now()
    clean = normalize_data(data)
    public, personal_values = split_personal(kind, clean)
    personal: dict[str, Any] | None = None
    if personal_values:
        salt = secrets.token_hex(16)
        personal = {
            "keys": sorted(personal_values),
            "digest": personal_digest(salt=salt, personal=personal_values),
            "salt": salt,
        }
    digest = event_hash(
        prev_hash=prev,
        reference=complaint.reference,
        seq=seq,
        kind=kind,
        actor_kind=actor.kind,
        actor_id=actor.user_id,
        created_at=created_at,
        data=public if personal else clean,
        personal=(personal["keys"], personal["digest"]) if personal else None,
    )
    event = Event(
        complaint=complaint,
        seq=seq,
        kind=kind,
        actor_kind=actor.kind,
        actor_id=actor.user_id,
        data=clean,
        personal=personal,
        created_at=created_at,
        prev_hash=prev,
        hash=digest,
    )
    insert(event)
    for hook in appended:
        hook(complaint, event)
    return event


def checkpoint_anchored() -> Checkpoint | None:
    """A checkpoint (see `checkpoint_create`), then copied to the anchor file once committed (with any
    checkpoint the file missed). What the scheduler and `redress audit checkpoint` run."""
    checkpoint = checkpoint_create()
    anchor_sync()
    return checkpoint


@transaction.atomic
def checkpoint_create() -> Checkpoint | None:
    """Record the heads of every chain that grew since the last checkpoint (None if none did), signed when a
    signing key is set. With a key and an unsigned last checkpoint (the key is new), one is written even if
    nothing grew, so the newest checkpoint is always signed.

    Within one complaint, events are appended under the complaint's row lock, so the head
    of a chain is also its event with the largest id.
    """
    key = signing_key()
    previous = Checkpoint.objects.select_for_update().order_by("-id").first()
    since = previous.last_event_id if previous else 0
    head_ids = list(
        Event.objects.filter(id__gt=since)
        .values("complaint_id")
        .annotate(head=Max("id"))
        .values_list("head", flat=True)
    )
    if not head_ids and not (key is not None and previous is not None and not previous.signature):
        return None
    heads: list[Event] = []
    for start in range(0, len(head_ids), 2000):
        heads += (
            Event.objects.filter(id__in=head_ids[start : start + 2000])
            .select_related("complaint")
            .only("complaint_id", "seq", "hash", "complaint__reference")
        )
    last_event_id = max(head_ids, default=since)
    prev = previous.hash if previous else GENESIS
    checkpoint = Checkpoint(
        created_at=timezone.now(),
        last_event_id=last_event_id,
        heads_count=len(heads),
        prev_hash=prev,
        hash=checkpoint_hash(
            prev_hash=prev, last_event_id=last_event_id, heads=[(e.complaint_id, e.seq, e.hash) for e in heads]
        ),
    )
    if key is not None:
        signed = sign(checkpoint, key)
        checkpoint.key_id, checkpoint.signature = signed.key_id, signed.signature
    checkpoint.save(force_insert=True)
    CheckpointHead.objects.bulk_create(
        [
            CheckpointHead(
                checkpoint=checkpoint,
                complaint_id=e.complaint_id,
                reference=e.complaint.reference,
                seq=e.seq,
                event_hash=e.hash,
            )
            for e in heads
        ],
        batch_size=2000,
    )
    return checkpoint
