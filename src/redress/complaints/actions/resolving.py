"""The resolution plan: propose it, approve or reject it, revise it, record the redress paid."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from redress.accounts.models import Role
from redress.complaints.actions.spec import action
from redress.complaints.choices import Status
from redress.complaints.models import Complaint
from redress.complaints.payloads import (
    ApprovePayload,
    PaymentPayload,
    ProposeResolutionPayload,
    ReasonPayload,
    RevisePayload,
)
from redress.complaints.services import handoffs, resolution
from redress.complaints.workflow import (
    ASSIGNEE,
    Actor,
    Subject,
    compliance_slot,
    limit_covers_total,
    not_approved_already,
    not_proposer,
)


def _propose(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    proposed = resolution.plan_propose(complaint=c, actor=actor, data=data)
    handoffs.plan_proposed_notify(c, actor)
    return proposed


PROPOSE_RESOLUTION = action(
    "propose_resolution",
    sources={Status.INVESTIGATING},
    target=Status.RESOLUTION_PROPOSED,
    roles={ASSIGNEE},
    payload=ProposeResolutionPayload,
    handler=_propose,
    label=gettext_lazy("Propose resolution"),
    help=gettext_lazy("Propose the outcome and redress; an approver decides on it."),
    done=gettext_lazy("Resolution proposed"),
)


def _approve(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    approved = resolution.plan_approve(complaint=c, actor=actor, note=data["note"], subject=subject)
    if approved["approvals"] >= approved["approvals_required"]:  # the last approval: the plan is approved
        handoffs.plan_decided_notify(c, actor, approved=True)
    return approved


# An approval that leaves slots open keeps the plan proposed (`workflow.target_of`).
APPROVE_RESOLUTION = action(
    "approve_resolution",
    sources={Status.RESOLUTION_PROPOSED},
    target=Status.RESOLUTION_APPROVED,
    roles={Role.APPROVER, Role.COMPLIANCE},
    guards=(not_proposer, not_approved_already, limit_covers_total, compliance_slot),
    payload=ApprovePayload,
    handler=_approve,
    label=gettext_lazy("Approve resolution"),
    help=gettext_lazy("Approve the proposed resolution."),
    done=gettext_lazy("Resolution approved"),
)


def _reject(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    rejected = resolution.plan_reject(complaint=c, reason=data["reason"])
    handoffs.plan_decided_notify(c, actor, approved=False)
    return rejected


REJECT_RESOLUTION = action(
    "reject_resolution",
    sources={Status.RESOLUTION_PROPOSED},
    target=Status.INVESTIGATING,
    roles={Role.APPROVER, Role.COMPLIANCE},
    guards=(not_proposer,),
    payload=ReasonPayload,
    handler=_reject,
    label=gettext_lazy("Reject resolution"),
    help=gettext_lazy("Send the resolution back to the handler, with the reason."),
    done=gettext_lazy("Resolution rejected"),
    dangerous=True,
)


def _revise(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    revised = resolution.plan_revise(complaint=c, actor=actor, data=data)
    handoffs.plan_proposed_notify(c, actor)
    return revised


# A changed plan is a new version awaiting approval: the approvals of the old one are void.
REVISE_RESOLUTION = action(
    "revise_resolution",
    sources={Status.RESOLUTION_PROPOSED, Status.RESOLUTION_APPROVED},
    target=Status.RESOLUTION_PROPOSED,
    roles={ASSIGNEE},
    payload=RevisePayload,
    handler=_revise,
    label=gettext_lazy("Revise resolution"),
    help=gettext_lazy("Change the plan; it goes back for approval and approvals already given are void."),
    done=gettext_lazy("Resolution revised"),
)


def _payment(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return resolution.redress_record_payment(
        complaint=c, actor=actor, item_id=data["item"], reference=data["payment_reference"], paid_on=data["paid_on"]
    )


RECORD_PAYMENT = action(
    "record_payment",
    sources={Status.RESOLUTION_APPROVED, Status.CUSTOMER_NOTIFIED, Status.REVIEW_REQUESTED, Status.CLOSED},
    target=None,
    roles={ASSIGNEE, Role.MANAGER},
    payload=PaymentPayload,
    handler=_payment,
    label=gettext_lazy("Record a payment"),
    help=gettext_lazy("Record the payment of a redress item, with its reference."),
    done=gettext_lazy("Payment recorded"),
)

SPECS = (PROPOSE_RESOLUTION, APPROVE_RESOLUTION, REJECT_RESOLUTION, REVISE_RESOLUTION, RECORD_PAYMENT)
