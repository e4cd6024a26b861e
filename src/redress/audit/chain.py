"""Pure hashing of events and checkpoints: the same function writes and verifies."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def normalize_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the database will give back: JSON types only (Decimals and dates become strings)."""
    normalized: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return normalized


def event_hash(
    *,
    prev_hash: str,
    reference: str,
    seq: int,
    kind: str,
    actor_kind: str,
    actor_id: int | None,
    created_at: datetime,
    data: dict[str, Any],
) -> str:
    content = json.dumps(
        {
            "complaint": reference,
            "seq": seq,
            "kind": kind,
            "actor_kind": actor_kind,
            "actor_id": actor_id,
            "at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "data": data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def checkpoint_hash(*, prev_hash: str, last_event_id: int, heads: Iterable[tuple[int, int, str]]) -> str:
    digest = hashlib.sha256(f"{prev_hash}|{last_event_id}".encode())
    for complaint_id, seq, head in sorted(heads):
        digest.update(f"|{complaint_id}:{seq}:{head}".encode())
    return digest.hexdigest()
