"""Drive a complaint through the lifecycle with the real services (tests, demo, benchmarks)."""

from __future__ import annotations

from typing import Any

from redress.accounts.models import User
from redress.complaints.choices import Status
from redress.complaints.models import Complaint
from redress.complaints.services.actions import complaint_act
from redress.complaints.services.actor import actor_for
from redress.complaints.services.registration import CustomerDetails, Registration, complaint_register
from redress.complaints.workflow import SYSTEM_ACTOR, Actor

SAMPLE_CUSTOMER = CustomerDetails(
    name="张三",
    id_number="110101199003071234",
    phone="13812345678",
    email="zhang.san@example.com",
    address="北京市朝阳区建国路88号",
)


def register(*, by: User, **overrides: Any) -> Complaint:
    fields: dict[str, Any] = {
        "channel": "phone",
        "customer": SAMPLE_CUSTOMER,
        "description": "信用卡被重复扣取年费200元，客服未能解释原因。",
        "desired_outcome": "退还重复扣取的年费",
        "product": "信用卡",
    }
    fields.update(overrides)
    complaint, _ = complaint_register(registration=Registration(**fields), actor=actor_for(by), registered_by=by)
    return complaint


# The steps of the happy path, in order: (state reached, who acts, action, payload).
HAPPY_PATH: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    (Status.TRIAGED, "intake", "triage", {"business": "bank_card", "urgent": False, "is_complaint": True}),
    (Status.ASSIGNED, "manager", "assign", {"assignee": "handler"}),
    (Status.INVESTIGATING, "handler", "start_investigation", {}),
    (
        Status.RESOLUTION_PROPOSED,
        "handler",
        "propose_resolution",
        {
            "outcome": "upheld",
            "reason": "pricing_fees",
            "root_cause": "system_fault",
            "summary": "核实系统重复扣费，予以退还。",
            "redress": [{"type": "refund", "amount": "200.00", "currency": "CNY"}],
            "improvements": ["修复年费批处理重复扣费问题"],
        },
    ),
    (Status.RESOLUTION_APPROVED, "approver", "approve_resolution", {"note": "同意"}),
    (Status.CUSTOMER_NOTIFIED, "handler", "notify_customer", {"channel": "email"}),
    (Status.CLOSED, "handler", "record_satisfaction", {"result": "satisfied", "score": 5}),
)


# Which of a walk's `codes` each step takes.
_CODES_TAKEN = {"triage": ("business", "product", "reason"), "propose_resolution": ("reason", "root_cause")}


def walk(
    complaint: Complaint,
    to: str,
    people: dict[str, User],
    codes: dict[str, str] | None = None,
    payloads: dict[str, dict[str, Any]] | None = None,
) -> Complaint:
    """Take the happy path, from where the complaint is, until it is in state `to`.

    `codes` (business, product, reason, root_cause) replace the path's own where a step sets them;
    `payloads` (by action) replace parts of a step's payload (the demo's plans in the complaint's language)."""
    reached = [state for state, *_ in HAPPY_PATH]
    start = reached.index(complaint.status) + 1 if complaint.status in reached else 0
    for state, who, action, payload in HAPPY_PATH[start:]:
        if complaint.status == to:
            break
        user = people[who]
        taken = {k: v for k, v in (codes or {}).items() if k in _CODES_TAKEN.get(action, ())}
        payload = {**payload, **(payloads or {}).get(action, {}), **taken}
        complaint = complaint_act(
            reference=complaint.reference, action=action, actor=actor_for(user), payload=payload, user=user
        )
        assert complaint.status == state, (action, complaint.status)
    return complaint


def act(
    complaint: Complaint,
    action: str,
    *,
    by: User | None,
    payload: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> Complaint:
    return complaint_act(
        reference=complaint.reference,
        action=action,
        actor=actor or (actor_for(by) if by else SYSTEM_ACTOR),
        payload=payload or {},
        user=by,
    )
