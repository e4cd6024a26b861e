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


# Free text and names an event may carry (a note, a call summary, a reason, a file's name, an e-mail's
# subject): erasable. The event's hash covers them through a salted digest only, so erasing them (the
# retention purge, a customer's erasure request) leaves every hash checkable; everything else in the
# data (codes, amounts, dates, who) is hashed as it is and never erased.
PERSONAL_KEYS = frozenset(
    {
        "text",
        "summary",
        "call_summary",
        "comment",
        "reason",
        "note",
        "name",
        "subject",
        "attachments",
        "attachments_skipped",
        "author_handle",
        "url",
    }
)
# What an erased personal value becomes (the pages show it translated).
ERASED = "[erased]"


# Where one of those keys holds a code, not words: triage's "reason" is the complaint-reason code.
CODE_KEYS = {"triage": frozenset({"reason"})}


def split_personal(kind: str, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the data hashed as it is, the personal values hashed through a digest)."""
    keys = PERSONAL_KEYS - CODE_KEYS.get(kind, frozenset())
    return {k: v for k, v in data.items() if k not in keys}, {k: v for k, v in data.items() if k in keys}


def personal_digest(*, salt: str, personal: dict[str, Any]) -> str:
    """The salted digest of the personal values: once the salt is erased with them, nothing can be guessed back."""
    return hashlib.sha256((salt + _canonical(personal)).encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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
    personal: tuple[list[str], str] | None = None,
) -> str:
    """`personal`: (the personal keys, their digest); `data` is then the rest. Without it, the event's
    whole data is hashed as it is (events without personal values, and every event written before)."""
    content: dict[str, Any] = {
        "complaint": reference,
        "seq": seq,
        "kind": kind,
        "actor_kind": actor_kind,
        "actor_id": actor_id,
        "at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "data": data,
    }
    if personal is not None:
        content["personal"] = {"keys": sorted(personal[0]), "digest": personal[1]}
    text = json.dumps(
        content,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


def checkpoint_hash(*, prev_hash: str, last_event_id: int, heads: Iterable[tuple[int, int, str]]) -> str:
    digest = hashlib.sha256(f"{prev_hash}|{last_event_id}".encode())
    for complaint_id, seq, head in sorted(heads):
        digest.update(f"|{complaint_id}:{seq}:{head}".encode())
    return digest.hexdigest()
