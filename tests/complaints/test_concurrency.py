"""Two people at once: one wins, the other gets 409, nothing is half-written (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from redress.accounts.models import Role, User
from redress.accounts.personas import ensure_personas
from redress.audit.models import Event
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import SAMPLE_CUSTOMER, act, register, walk
from redress.complaints.models import Approval, Complaint
from redress.complaints.services.actor import actor_for
from redress.complaints.services.registration import Registration, complaint_register
from redress.core.errors import ApplicationError

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency: PostgreSQL"),
]


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Start the calls together on their own connections; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def crowd() -> dict[str, User]:
    people = ensure_personas()
    for name, role in (("approver2", Role.APPROVER), ("manager2", Role.MANAGER)):
        User.objects.create(
            username=name,
            role=role,
            approval_limit=people["approver"].approval_limit,
            approval_currency="CNY",
            department=people["approver"].department,
        )
    return {**people, **{u.username: u for u in User.objects.filter(username__in=["approver2", "manager2"])}}


def test_two_approvers_at_once_one_wins(crowd: dict[str, User]) -> None:
    for _ in range(5):
        complaint = walk(register(by=crowd["intake"]), "resolution_proposed", crowd)
        results = race(
            lambda c=complaint: act(c, "approve_resolution", by=crowd["approver"]),
            lambda c=complaint: act(c, "approve_resolution", by=crowd["approver2"]),
        )
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1 and isinstance(errors[0], ApplicationError) and errors[0].status == 409
        assert Complaint.objects.get(pk=complaint.pk).status == "resolution_approved"
        assert Approval.objects.filter(plan__complaint=complaint).count() == 1
        assert Event.objects.filter(complaint=complaint, kind="approve_resolution").count() == 1


def test_two_managers_closing_at_once_one_wins(crowd: dict[str, User]) -> None:
    complaint = walk(register(by=crowd["intake"]), "customer_notified", crowd)
    results = race(
        lambda: act(complaint, "close", by=crowd["manager"]),
        lambda: act(complaint, "close", by=crowd["manager2"]),
    )
    assert sorted(type(r).__name__ for r in results) == ["Complaint", "Conflict"]
    assert Event.objects.filter(complaint=complaint, kind="close").count() == 1
    assert verify_audit().ok


def test_the_same_idempotency_key_at_once_registers_one_complaint(crowd: dict[str, User]) -> None:
    registration = Registration(channel="api", customer=SAMPLE_CUSTOMER, description="重复提交")

    def submit() -> Complaint:
        complaint, _ = complaint_register(
            registration=registration,
            actor=actor_for(crowd["intake"]),
            registered_by=crowd["intake"],
            idempotency_key="same-key",
        )
        return complaint

    results = race(submit, submit, submit, submit)
    assert all(isinstance(r, Complaint) for r in results), results
    assert len({r.reference for r in results}) == 1
    assert Complaint.objects.count() == 1


def test_concurrent_registrations_get_unique_references(crowd: dict[str, User]) -> None:
    results = race(*[lambda: register(by=crowd["intake"]) for _ in range(8)])
    assert all(isinstance(r, Complaint) for r in results), results
    assert len({r.reference for r in results}) == 8
