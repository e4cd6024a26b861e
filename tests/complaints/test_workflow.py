"""The transition table and its guards, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from redress.accounts.models import Role
from redress.complaints import workflow
from redress.complaints.choices import OPEN_STATUSES, Status
from redress.complaints.workflow import Actor, Subject, allowed_actions, evaluate, target_of

HANDLER = Actor(kind="staff", user_id=1, role=Role.HANDLER, department_id=1)
MANAGER = Actor(kind="staff", user_id=2, role=Role.MANAGER)
APPROVER = Actor(kind="staff", user_id=3, role=Role.APPROVER, approval_limit=Decimal("200000"), approval_currency="CNY")
SMALL = Actor(kind="staff", user_id=4, role=Role.APPROVER, approval_limit=Decimal("100"), approval_currency="CNY")
COMPLIANCE = Actor(
    kind="staff", user_id=5, role=Role.COMPLIANCE, approval_limit=Decimal("1e7"), approval_currency="CNY"
)
AUDITOR = Actor(kind="staff", user_id=6, role=Role.AUDITOR)


def proposed(**kw: object) -> Subject:
    base: dict[str, object] = {
        "status": "resolution_proposed",
        "assignee_id": 1,
        "proposer_id": 1,
        "plan_total": Decimal("200"),
        "plan_currency": "CNY",
    }
    base.update(kw)
    return Subject(**base)  # type: ignore[arg-type]


def test_it_covers_every_status_and_only_known_targets() -> None:
    statuses = set(Status.values)
    for action in workflow.ACTIONS.values():
        assert action.sources <= statuses, action.name
        assert action.target is None or action.target in statuses, action.name
    reachable = {a.target for a in workflow.ACTIONS.values() if a.target}
    assert statuses - {"received"} <= reachable


def test_it_lets_the_assignee_start_and_nobody_else() -> None:
    subject = Subject(status="assigned", assignee_id=1)
    assert evaluate("start_investigation", subject, HANDLER) is None
    refusal = evaluate("start_investigation", subject, MANAGER)
    assert refusal is not None and refusal.kind == "forbidden"


def test_it_answers_conflict_for_the_wrong_state() -> None:
    refusal = evaluate("start_investigation", Subject(status="investigating", assignee_id=1), HANDLER)
    assert refusal is not None and (refusal.kind, refusal.code) == ("conflict", "invalid_state")


def test_it_recuses_a_named_person() -> None:
    subject = Subject(status="assigned", assignee_id=1, named_staff_ids=frozenset({1}))
    refusal = evaluate("start_investigation", subject, HANDLER)
    assert refusal is not None and refusal.code == "recused"
    assert evaluate("approve_resolution", proposed(named_staff_ids=frozenset({3})), APPROVER).code == "recused"  # type: ignore[union-attr]


def test_it_never_lets_the_proposer_approve() -> None:
    maker = Actor(kind="staff", user_id=1, role=Role.APPROVER, approval_limit=Decimal("1e6"), approval_currency="CNY")
    assert evaluate("approve_resolution", proposed(), maker).code == "maker_checker"  # type: ignore[union-attr]


def test_it_needs_a_limit_that_covers_the_total_in_the_plan_currency() -> None:
    assert evaluate("approve_resolution", proposed(), APPROVER) is None
    assert evaluate("approve_resolution", proposed(), SMALL).code == "approval_limit"  # type: ignore[union-attr]
    assert evaluate("approve_resolution", proposed(plan_currency="USD"), APPROVER).code == "approval_limit"  # type: ignore[union-attr]


def test_it_keeps_the_last_slot_of_a_two_person_approval_for_compliance() -> None:
    big = proposed(plan_total=Decimal("150000"), approvals_required=2, compliance_required=True)
    assert evaluate("approve_resolution", big, APPROVER) is None
    after_one = proposed(
        plan_total=Decimal("150000"), approvals_required=2, compliance_required=True, approvals=((3, "approver"),)
    )
    other = Actor(kind="staff", user_id=9, role=Role.APPROVER, approval_limit=Decimal("1e6"), approval_currency="CNY")
    assert evaluate("approve_resolution", after_one, other).code == "compliance_required"  # type: ignore[union-attr]
    assert evaluate("approve_resolution", after_one, APPROVER).code == "already_approved"  # type: ignore[union-attr]
    assert evaluate("approve_resolution", after_one, COMPLIANCE) is None
    assert target_of("approve_resolution", big) == "resolution_proposed"
    assert target_of("approve_resolution", after_one) == "resolution_approved"


def test_it_gives_read_only_roles_no_changing_action() -> None:
    for status in Status.values:
        # Reading personal data and exporting are recorded on the timeline but change nothing.
        assert set(allowed_actions(Subject(status=status), AUDITOR)) <= {"reveal_pii", "export"}


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES))
def test_it_lets_the_customer_withdraw_any_open_complaint(status: str) -> None:
    assert evaluate("withdraw", Subject(status=status), workflow.CUSTOMER_ACTOR) is None


def test_it_archives_only_after_the_review_window() -> None:
    compliance = Actor(kind="staff", user_id=5, role=Role.COMPLIANCE)
    assert (
        evaluate("archive", Subject(status="closed", review_window_open=True), compliance).code == "review_window_open"
    )  # type: ignore[union-attr]
    assert evaluate("archive", Subject(status="closed", review_window_open=False), workflow.SYSTEM_ACTOR) is None
