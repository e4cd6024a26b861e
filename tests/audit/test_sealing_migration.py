"""Migration audit.0010 seals the personal values of the events already written, and back: every chain verifies
before, after and in between; an erased event and one from before the personal values were hashed apart are
handled as they must be."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from redress.accounts.models import User
from redress.audit.chain import ERASED, event_hash
from redress.audit.models import Event
from redress.audit.sealing import SEALED
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.workflow import Actor
from redress.retention.erase import complaint_erase

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # leaves the seeded rows

BEFORE = ("audit", "0009_event_data_sealed_rekey_allowed")
SEALING = ("audit", "0010_event_personal_sealed")
NOTE = "客户王美丽说住在世纪大道100号"
OLD_NOTE = "旧记录：王美丽的电话13912345678"


def migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.fixture
def back_to_latest() -> Iterator[None]:
    yield
    migrate(SEALING)


def raw(event_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM audit_event WHERE id = %s", [event_id])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _old_event(people: dict[str, User], complaint_id: int, reference: str) -> int:
    """An event as written before the personal values were hashed apart: `personal` NULL, the data whole and in
    clear, hashed whole."""
    head = Event.objects.filter(complaint_id=complaint_id).order_by("-seq").first()
    assert head is not None
    seq, actor_id, data = head.seq + 1, people["handler"].pk, {"text": OLD_NOTE}
    digest = event_hash(
        prev_hash=head.hash,
        reference=reference,
        seq=seq,
        kind="add_note",
        actor_kind="staff",
        actor_id=actor_id,
        created_at=head.created_at,
        data=data,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_event (complaint_id, seq, kind, actor_kind, actor_id, data, personal, created_at,"
            " prev_hash, hash) VALUES (%s, %s, 'add_note', 'staff', %s, %s, NULL, %s, %s, %s)",
            [complaint_id, seq, actor_id, json.dumps(data, ensure_ascii=False), head.created_at, head.hash, digest],
        )
    return Event.objects.get(complaint_id=complaint_id, seq=seq).pk


def test_the_migration_seals_and_unseals_every_event(people: dict[str, User], back_to_latest: None) -> None:
    live = walk(register(by=people["intake"]), "investigating", people)
    act(live, "add_note", by=people["intake"], payload={"text": NOTE})
    note = Event.objects.get(complaint=live, kind="add_note").pk
    gone = walk(register(by=people["intake"]), "investigating", people)
    act(gone, "add_note", by=people["intake"], payload={"text": NOTE})
    erased_note = Event.objects.get(complaint=gone, kind="add_note").pk
    complaint_erase(complaint=gone, why="test", actor=Actor(kind="system", user_id=None))
    assert SEALED in json.loads(raw(note)) and verify_audit().ok

    migrate(BEFORE)  # backwards: every value in clear again, as the releases before wrote them
    assert json.loads(raw(note)) == {"text": NOTE} and json.loads(raw(erased_note)) == {"text": ERASED}
    old = _old_event(people, live.pk, live.reference)
    assert verify_audit().ok

    migrate(SEALING)
    for pk in (note, old):
        assert "王美丽" not in raw(pk) and SEALED in json.loads(raw(pk))
    assert Event.objects.get(pk=note).data == {"text": NOTE}
    assert Event.objects.get(pk=old).data == {"text": OLD_NOTE} and Event.objects.get(pk=old).personal is None
    assert json.loads(raw(erased_note)) == {"text": ERASED}  # erased: nothing to seal
    report = verify_audit()
    assert report.ok, report.first_break

    # Run again (as after an interruption): what is sealed is left alone.
    sealed = raw(note)
    seal = import_module("redress.audit.migrations.0010_event_personal_sealed").Migration.operations[0]
    with connection.schema_editor(atomic=False) as editor:
        seal.code(None, editor)
    assert raw(note) == sealed and verify_audit().ok
