"""The timeline of an action: appended under the action's row lock, hash-chained per action with the same
function as a complaint's timeline (`redress.audit.chain`), and verified by walking it again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from redress.audit.chain import event_hash, normalize_data
from redress.improvements.models import ActionEvent, ImprovementAction

GENESIS = "0" * 64


def chain_key(action_id: int) -> str:
    """What stands in the hash for a complaint's reference."""
    return f"improvement:{action_id}"


def event_append(*, action: ImprovementAction, kind: str, user_id: int | None, data: dict[str, Any]) -> ActionEvent:
    last = ActionEvent.objects.filter(action=action).order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    created_at = timezone.now()
    clean = normalize_data(data)
    actor_kind = "staff" if user_id is not None else "system"
    digest = event_hash(
        prev_hash=prev,
        reference=chain_key(action.pk),
        seq=seq,
        kind=kind,
        actor_kind=actor_kind,
        actor_id=user_id,
        created_at=created_at,
        data=clean,
    )
    return ActionEvent.objects.create(
        action=action,
        seq=seq,
        kind=kind,
        actor_kind=actor_kind,
        actor_id=user_id,
        data=clean,
        created_at=created_at,
        prev_hash=prev,
        hash=digest,
    )


@dataclass(frozen=True)
class ChainBreak:
    action_id: int
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"improvement #{self.action_id}" + (f" event #{self.seq}" if self.seq else "")
        return f"{where}: {self.problem}"


def chains_verify() -> tuple[int, ChainBreak | None]:
    """Walk every action's chain in order: (events checked, the first break or None)."""
    checked, current, prev, expected = 0, None, GENESIS, 1
    for e in ActionEvent.objects.order_by("action_id", "seq").iterator(chunk_size=2000):
        if e.action_id != current:
            current, prev, expected = e.action_id, GENESIS, 1
        if e.seq != expected:
            return checked, ChainBreak(e.action_id, e.seq, f"event #{expected} is missing (deleted)")
        if e.prev_hash != prev:
            return checked, ChainBreak(e.action_id, e.seq, "does not link to the event before it")
        digest = event_hash(
            prev_hash=e.prev_hash,
            reference=chain_key(e.action_id),
            seq=e.seq,
            kind=e.kind,
            actor_kind=e.actor_kind,
            actor_id=e.actor_id,
            created_at=e.created_at,
            data=e.data,
        )
        if digest != e.hash:
            return checked, ChainBreak(e.action_id, e.seq, "content does not match its hash (edited)")
        prev, expected = e.hash, e.seq + 1
        checked += 1
    bare = ImprovementAction.objects.filter(events__isnull=True).values_list("pk", flat=True).first()
    if bare is not None:
        return checked, ChainBreak(bare, None, "the action has no timeline (events deleted)")
    return checked, None
