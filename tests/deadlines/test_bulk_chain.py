"""The sweep's bulk chaining (audit.bulk) hashes exactly as chain.event_hash does, for any data."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from redress.audit.bulk import NewEvent, events_chain
from redress.audit.chain import event_hash
from redress.audit.models import GENESIS

DATA: list[dict[str, Any]] = [
    {"clock": "decision", "due_at": "2026-12-05T15:59:59.999Z"},
    {"z": 1, "a": [3, {"y": None, "b": True}], "m": 1.5},
    {"words": '引号 "quoted" \\ back\tslash\nnew line', "emoji": "😀", "ctl": "\u0001"},
    {},
]
TIMES = [
    datetime(2026, 11, 28, 18, 0, tzinfo=UTC),
    datetime(2026, 12, 5, 23, 59, 59, 999999, tzinfo=ZoneInfo("Asia/Shanghai")),
    datetime(2026, 3, 29, 1, 30, 0, 1, tzinfo=timezone(timedelta(hours=-5))),
]


@pytest.mark.parametrize("created_at", TIMES)
@pytest.mark.parametrize(("actor_kind", "actor_id"), [("system", None), ("user", 42)])
def test_bulk_chain_hashes_as_event_hash(created_at: datetime, actor_kind: str, actor_id: int | None) -> None:
    new = [
        NewEvent(complaint_id=cid, reference=f"CMP-20261128-{cid:06d}", kind=kind, data=data)
        for cid in (1, 2)
        for kind in ("deadline_warning", "deadline_breached", 'note "x"')
        for data in DATA
    ]
    heads = {2: (7, "f" * 64)}
    rows = events_chain(new, heads, actor_kind=actor_kind, actor_id=actor_id, created_at=created_at)
    prev = {1: (0, GENESIS), 2: (7, "f" * 64)}
    for e, (cid, seq, kind, a_kind, a_id, data, at, prev_hash, digest) in zip(new, rows, strict=True):
        want_seq, want_prev = prev[e.complaint_id][0] + 1, prev[e.complaint_id][1]
        expected = event_hash(
            prev_hash=want_prev,
            reference=e.reference,
            seq=want_seq,
            kind=e.kind,
            actor_kind=actor_kind,
            actor_id=actor_id,
            created_at=created_at,
            data=e.data,
        )
        assert (cid, seq, kind, a_kind, a_id, at, prev_hash, digest) == (
            e.complaint_id,
            want_seq,
            e.kind,
            actor_kind,
            actor_id,
            created_at,
            want_prev,
            expected,
        )
        assert json.loads(data) == e.data
        prev[e.complaint_id] = (want_seq, expected)
    assert heads == {cid: prev[cid] for cid in (1, 2)}


def test_bulk_chain_refuses_personal_values() -> None:
    """Personal values are hashed apart and sealed (audit.sealing): only `event_append` writes them."""
    new = [NewEvent(complaint_id=1, reference="CMP-20261128-000001", kind="add_note", data={"text": "王美丽"})]
    with pytest.raises(ValueError, match="personal values"):
        events_chain(new, {}, actor_kind="system", actor_id=None, created_at=TIMES[0])
