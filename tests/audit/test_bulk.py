"""Appending many events at once: the same chain as one at a time, verifiable, continued by event_append."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from redress.accounts.models import User
from redress.audit.bulk import NewEvent, chain_heads, events_append_many
from redress.audit.chain import event_hash
from redress.audit.models import Event
from redress.audit.services import event_append
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import register
from redress.complaints.workflow import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db
TRICKY = '中文\ttab\\N back\\slash "quoted"\nnew line\r\\t'  # survives COPY's text format


def test_it_chains_several_events_per_complaint_onto_the_heads(people: dict[str, User]) -> None:
    one, two = register(by=people["intake"]), register(by=people["intake"])
    heads = chain_heads([one.id, two.id])
    at = datetime(2026, 11, 28, 9, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
    new = [
        NewEvent(one.id, one.reference, "deadline_breached", {"clock": "decision", "due_at": "2026-11-27T15:59:59Z"}),
        NewEvent(one.id, one.reference, "deadline_warning", {"clock": "assignment", "due_at": TRICKY}),
        NewEvent(two.id, two.reference, "deadline_warning", {"clock": "decision", "n": 3}),
    ]
    assert events_append_many(new, actor_kind="system", created_at=at) == 3
    first, second = Event.objects.filter(complaint=one, seq__gt=heads[one.id][0]).order_by("seq")
    assert (first.seq, second.seq) == (heads[one.id][0] + 1, heads[one.id][0] + 2)
    assert first.prev_hash == heads[one.id][1] and second.prev_hash == first.hash
    assert first.hash == event_hash(
        prev_hash=heads[one.id][1],
        reference=one.reference,
        seq=first.seq,
        kind="deadline_breached",
        actor_kind="system",
        actor_id=None,
        created_at=at,
        data={"clock": "decision", "due_at": "2026-11-27T15:59:59Z"},
    )
    assert first.created_at == at and second.data == {"clock": "assignment", "due_at": TRICKY}
    assert chain_heads([one.id, two.id]) == {
        one.id: (second.seq, second.hash),
        two.id: (heads[two.id][0] + 1, Event.objects.get(complaint=two, seq=heads[two.id][0] + 1).hash),
    }
    assert verify_audit().ok


def test_event_append_continues_a_chain_grown_in_bulk(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    events_append_many(
        [NewEvent(complaint.id, complaint.reference, "deadline_warning", {"clock": "decision"})],
        actor_kind="system",
        created_at=timezone.now(),
    )
    later = event_append(complaint=complaint, kind="note", actor=SYSTEM_ACTOR, data={"text": "x"})
    bulk = Event.objects.get(complaint=complaint, kind="deadline_warning")
    assert (later.seq, later.prev_hash) == (bulk.seq + 1, bulk.hash)
    report = verify_audit()
    assert report.ok, report.first_break


def test_complaints_without_events_have_no_head_and_nothing_is_written_for_nothing(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    assert set(chain_heads([complaint.id, 10**9])) == {complaint.id}
    assert chain_heads([]) == {}
    count = Event.objects.count()
    assert events_append_many([], actor_kind="system", created_at=timezone.now()) == 0
    assert Event.objects.count() == count


def test_copy_fields_are_escaped_for_the_text_format() -> None:
    from redress.audit.bulk import copy_field

    assert copy_field(None) == "\\N"
    assert copy_field(7) == "7"
    assert copy_field("a\tb\\c\nd\re") == "a\\tb\\\\c\\nd\\re"
    assert copy_field("\\N") == "\\\\N"  # the text, not NULL
    assert copy_field({"k": "中\t"}) == '{"k":"中\\\\t"}'  # JSON's escape, its backslash escaped for COPY
    assert copy_field(datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=ZoneInfo("Asia/Shanghai"))) == (
        "2026-01-02T03:04:05.000006+08:00"
    )
