"""core.rows.insert writes what Model.objects.create() would, in one statement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from redress.audit.models import Event
from redress.complaints.models import Complaint
from redress.core.rows import insert


def _complaint(reference: str) -> Complaint:
    now = timezone.now()
    return Complaint(
        reference=reference,
        channel="phone",
        jurisdiction="CN-NFRA",
        language="zh-hans",
        received_at=now - timedelta(hours=1),
        registered_at=now,
        customer_name="张三",
        customer_phone="13812345678",
        customer_email="zhang@example.cn",
        description="信用卡被盗刷 5 万元",
    )


def _row(pk: int) -> dict[str, object]:
    row = Complaint.objects.filter(pk=pk).values().get()
    row.pop("id"), row.pop("reference"), row.pop("updated_at")
    return row


@pytest.mark.django_db
def test_insert_writes_the_row_create_would() -> None:
    by_orm = Complaint.objects.create(**{f.attname: getattr(_complaint("CMP-1"), f.attname) for f in _fields()})
    ours = _complaint("CMP-2")
    ours.registered_at, ours.received_at = by_orm.registered_at, by_orm.received_at
    with CaptureQueriesContext(connection) as ctx:
        insert(ours)
    assert len(ctx.captured_queries) == 1
    assert ours.pk is not None and not ours._state.adding
    assert _row(ours.pk) == _row(by_orm.pk)
    stored = Complaint.objects.get(pk=ours.pk)  # encrypted at rest, read back in clear
    assert stored.customer_phone == "13812345678" and stored.updated_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT customer_phone FROM complaints_complaint WHERE id = %s", [ours.pk])
        assert "13812345678" not in str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_insert_many_in_one_statement_keeps_their_order() -> None:
    complaint = _complaint("CMP-3")
    insert(complaint)
    now = timezone.now()
    events = [
        Event(
            complaint=complaint, seq=n, kind="note", actor_kind="system", data={"n": n, "text": "备注"}, created_at=now
        )
        for n in (1, 2, 3)
    ]
    with CaptureQueriesContext(connection) as ctx:
        insert(*events)
    assert len(ctx.captured_queries) == 1
    assert [e.pk for e in events] == sorted(e.pk for e in events)
    assert {e.pk: e.data for e in Event.objects.filter(complaint=complaint)} == {e.pk: e.data for e in events}
    insert()  # nothing to write: no statement


def _fields() -> list:  # type: ignore[type-arg]
    skip = {"id", "reference", "updated_at"}
    return [f for f in Complaint._meta.concrete_fields if f.attname not in skip]
