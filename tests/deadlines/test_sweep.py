"""The sweep in batches: same changes whatever the batch size, one event per change, bounded digests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from redress.accounts.models import User
from redress.audit.chain import normalize_data
from redress.audit.models import Event
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import register, walk
from redress.correspondence.models import OutboxMessage
from redress.deadlines import sweep as sweep_module
from redress.deadlines.models import Clock
from redress.deadlines.sweep import _breach_due, _Changed, _event_data, _warn_due, sweep
from redress.notifications.models import Notification

pytestmark = pytest.mark.django_db


def overdue_and_soon(people: dict[str, User], late: int = 3, soon: int = 2) -> None:
    for _ in range(late):
        walk(register(by=people["intake"], received_at=timezone.now() - timedelta(days=20)), "assigned", people)
    for _ in range(soon):
        walk(register(by=people["intake"], received_at=timezone.now() - timedelta(days=13)), "assigned", people)
    register(by=people["intake"], received_at=timezone.now() - timedelta(days=20))  # unassigned: to the managers


def test_batches_of_one_change_exactly_what_qualified_once(people: dict[str, User]) -> None:
    overdue_and_soon(people)
    changes_exactly_what_qualified_once(batch=1, workers=1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_shards_on_their_own_connections_change_exactly_what_qualified_once(
    people: dict[str, User], monkeypatch: Any
) -> None:
    # Outside a transaction, PostgreSQL sweeps in parallel shards (one connection each); SQLite in one.
    shards: list[int] = []
    sweep_shard = sweep_module._sweep_shard

    def counted(run: Any) -> Any:
        shards.append(run.shard)
        return sweep_shard(run)

    monkeypatch.setattr(sweep_module, "_sweep_shard", counted)
    overdue_and_soon(people, late=4, soon=3)
    changes_exactly_what_qualified_once(batch=2, workers=3)
    assert sorted(shards) == ([0, 0, 1, 1, 2, 2] if connection.vendor == "postgresql" else [])


def changes_exactly_what_qualified_once(*, batch: int, workers: int) -> None:
    now = timezone.now()
    breach = set(Clock.objects.filter(_breach_due(now)).values_list("id", flat=True))
    warn = set(Clock.objects.filter(_warn_due(now)).values_list("id", flat=True)) - breach
    assert breach and warn
    result = sweep(now=now, batch=batch, workers=workers)
    assert (result.breached, result.warned) == (len(breach), len(warn))
    assert set(Clock.objects.filter(breached_at=now, state="breached").values_list("id", flat=True)) == breach
    assert set(Clock.objects.filter(warned_at=now).values_list("id", flat=True)) == warn
    for kind, ids in (("deadline_breached", breach), ("deadline_warning", warn)):
        expected = sorted(Clock.objects.filter(id__in=ids).values_list("complaint_id", "kind"))
        events = sorted(
            (e.complaint_id, e.data["clock"]) for e in Event.objects.filter(kind=kind, created_at=now).order_by()
        )
        assert events == expected
    counts = (Event.objects.count(), Notification.objects.count(), OutboxMessage.objects.count())
    again = sweep(now=now, batch=batch, workers=workers)
    assert (again.breached, again.warned) == (0, 0)
    assert (Event.objects.count(), Notification.objects.count(), OutboxMessage.objects.count()) == counts
    report = verify_audit()
    assert report.ok, report.first_break


def test_one_digest_per_person_lists_the_first_lines_and_counts_the_rest(
    people: dict[str, User], monkeypatch: Any
) -> None:
    monkeypatch.setattr(sweep_module, "DIGEST_LINES", 2)
    overdue_and_soon(people, late=3, soon=0)
    result = sweep()
    handler = people["handler"]
    alerts = sum(len(n.items) for n in Notification.objects.filter(user=handler, kind__startswith="deadline_"))
    assert alerts == result.alerts[handler.id] > 2
    assert len(result.notified[handler.id]) == 2
    (digest,) = [m for m in OutboxMessage.objects.all() if "deadline" in m.subject and m.to_address == handler.email]
    assert digest.subject == f"redress: {alerts} deadline alerts"
    assert digest.body.count("\n- ") == 2
    assert f"… and {alerts - 2} more:" in digest.body
    assert "/notifications/" in digest.body


def alerted(now: datetime) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """(person, kind) -> the (reference, clock) the sweep at `now` must tell them of: the assignee of
    every alerting clock it changed, and the managers of the department (all of them when it has none) for a
    breach or an unassigned complaint."""
    managers: dict[int | None, set[int]] = {}
    for manager in User.objects.filter(role="manager", is_active=True):
        managers.setdefault(manager.department_id, set()).add(manager.id)
    everyone = set().union(*managers.values())
    out: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for clock in Clock.objects.filter(rule__alerts=True).select_related("complaint").order_by("complaint_id", "id"):
        kind = "deadline_breached" if clock.breached_at == now else "deadline_warning" if clock.warned_at == now else ""
        if not kind:
            continue
        complaint = clock.complaint
        users = {complaint.assignee_id} if complaint.assignee_id else set()
        if kind == "deadline_breached" or not complaint.assignee_id:
            users |= managers.get(complaint.department_id) or everyone
        for user_id in users:
            out.setdefault((user_id, kind), []).append((complaint.reference, clock.kind))
    return out


@pytest.mark.parametrize("batch", [5000, 2])
def test_a_person_gets_one_notification_per_kind_and_batch_listing_each_alert(
    people: dict[str, User], batch: int
) -> None:
    overdue_and_soon(people, late=3, soon=2)
    now = timezone.now()
    result = sweep(now=now, batch=batch)
    expected = alerted(now)
    assert expected and any(len(pairs) > 1 for pairs in expected.values())
    got: dict[tuple[int, str], list[tuple[str, str]]] = {}
    rows: dict[tuple[int, str], int] = {}
    for n in Notification.objects.filter(kind__startswith="deadline_").order_by("id"):  # not the hand-offs
        assert n.complaint_id is None and n.items, n  # a digest: the complaints are in its items
        got.setdefault((n.user_id, n.kind), []).extend((reference, clock) for reference, clock in n.items)
        rows[(n.user_id, n.kind)] = rows.get((n.user_id, n.kind), 0) + 1
    assert {key: sorted(pairs) for key, pairs in got.items()} == {key: sorted(pairs) for key, pairs in expected.items()}
    assert {user: sum(len(v) for (u, _k), v in got.items() if u == user) for user, _k in got} == dict(result.alerts)
    complaints = {key: len({reference for reference, _clock in pairs}) for key, pairs in expected.items()}
    if batch >= 5000:  # everything in one batch per kind: one row per person and kind
        assert set(rows.values()) == {1}
    else:  # a row per batch the person had alerts in (a batch holds `batch` complaints at most)
        assert all(-(-complaints[key] // batch) <= rows[key] <= complaints[key] for key in rows)
        assert any(rows[key] > 1 for key in rows)


def test_a_digest_message_names_its_alerts_within_the_column() -> None:
    one = sweep_module._digest_message([["CMP-20261128-000001", "decision"]], "deadline passed")
    assert one == "CMP-20261128-000001: decision deadline passed"
    many = sweep_module._digest_message([[f"CMP-20261128-{i:06d}", "decision"] for i in range(100)], "deadline passed")
    assert many.startswith("deadline passed (100): CMP-20261128-000000 decision, CMP-20261128-000001 decision")
    assert len(many) == 500 and many.endswith("…")


@pytest.mark.parametrize(
    "due_at",
    [
        datetime(2026, 12, 5, 23, 59, 59, 999999, tzinfo=ZoneInfo("Asia/Shanghai")),
        datetime(2026, 12, 5, 15, 59, 59, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/London")),
    ],
)
def test_the_event_data_is_what_the_chain_normalises_to(due_at: datetime) -> None:
    clock = _Changed(id=1, complaint_id=1, kind="decision", due_at=due_at, rule_id=1)
    assert _event_data(clock) == normalize_data({"clock": "decision", "due_at": due_at})
