"""Receiving a complaint: triage it, decline it, merge it into another, assign it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redress.accounts.models import Department, Role, User
from redress.audit.services import event_append
from redress.complaints.actions.spec import action
from redress.complaints.choices import Status
from redress.complaints.models import Complaint
from redress.complaints.payloads import AssignPayload, MergePayload, ReasonPayload, TriagePayload
from redress.complaints.selectors import review_eligible
from redress.complaints.services import handoffs
from redress.complaints.workflow import Actor, Subject
from redress.core.errors import Forbidden, InvalidInput
from redress.correspondence.services import letter_issue
from redress.deadlines.models import Trigger
from redress.triage.services import triage_decision


def _triage(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """Staff's labels: what the next model learns.

    Flags: given, they replace the complaint's (the first assessment's until now); not given, those stay.
    Urgent: given, it is staff's word, whatever the flags (a flag on a complaint staff judge not urgent
    stays a flag); not given, the first assessment's rule applies to the flags as they now are: a
    complaint with any flag is urgent, an enquiry is not urgent by its flags.
    """
    c.business = data["business"]
    c.product = data.get("product", c.product)
    c.reason = data.get("reason", c.reason)
    c.is_complaint = data["is_complaint"]
    before = list(c.flags or [])
    if "flags" in data:
        c.flags = list(data["flags"])  # a new list: `complaint_act` writes the fields whose value changed
    c.urgent = data["urgent"] if "urgent" in data else bool(c.flags) and c.is_complaint is not False
    added = [f for f in c.flags if f not in before]
    removed = [f for f in before if f not in c.flags]
    # What triage suggested and which labels staff changed: the label the next model learns from.
    return {
        "business": c.business,
        "product": c.product,
        **({"reason": c.reason} if c.reason else {}),
        "urgent": c.urgent,
        "is_complaint": c.is_complaint,
        "flags": c.flags,
        **({"flags_added": added} if added else {}),
        **({"flags_removed": removed} if removed else {}),
        **triage_decision(c),
    }


TRIAGE = action(
    "triage",
    sources={Status.RECEIVED},
    target=Status.TRIAGED,
    roles={Role.INTAKE_AGENT, Role.MANAGER},
    payload=TriagePayload,
    handler=_triage,
    label=gettext_lazy("Triage"),
    help=gettext_lazy("Confirm the business line and product, whether this is a complaint, and its flags."),
    done=gettext_lazy("Triaged"),
)


def _decline(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.closed_at = timezone.now()
    letter = letter_issue(complaint=c, kind="decline", channel=None, actor=actor, context={"reason": data["reason"]})
    return {"reason": data.get("reason", ""), "letter": letter.pk}


DECLINE = action(
    "decline",
    sources={Status.RECEIVED, Status.TRIAGED},
    target=Status.DECLINED,
    roles={Role.MANAGER},
    payload=ReasonPayload,
    handler=_decline,
    label=gettext_lazy("Decline"),
    help=gettext_lazy("The customer receives a letter with the reason."),
    done=gettext_lazy("Declined"),
    dangerous=True,
)


def _merge(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    into = Complaint.objects.select_for_update(of=("self",)).filter(reference=data["into"]).first()
    if into is None or into.pk == c.pk:
        raise InvalidInput({"into": [_("Name another, existing complaint to merge into.")]})
    if not into.is_open:
        raise InvalidInput({"into": [_("A complaint can only be merged into an open one.")]})
    c.merged_into = into
    c.closed_at = timezone.now()
    event_append(complaint=into, kind="merged_in", actor=actor, data={"from_complaint": c.reference})
    return {"into": into.reference}


MERGE = action(
    "merge",
    sources={Status.RECEIVED, Status.TRIAGED, Status.ASSIGNED},
    target=Status.MERGED,
    roles={Role.MANAGER},
    payload=MergePayload,
    handler=_merge,
    label=gettext_lazy("Merge into another complaint"),
    help=gettext_lazy("Close this complaint into another open complaint of the same customer."),
    done=gettext_lazy("Merged into another complaint"),
    dangerous=True,
)


def _assign(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    assignee = User.objects.filter(username=data["assignee"], is_active=True).first()
    if assignee is None or assignee.role not in (Role.HANDLER, Role.MANAGER):
        raise InvalidInput({"assignee": [_("Name an active handler or manager.")]})
    if assignee.pk == c.named_staff_id:
        raise Forbidden(_("The person named in the complaint may not handle it."), code="recused")
    if c.status == Status.REVIEW_REQUESTED and not review_eligible(c, assignee):
        raise InvalidInput({"assignee": [_("A review goes to someone other than the first handler, and more senior.")]})
    department = assignee.department
    if data.get("department"):
        department = Department.objects.filter(code=data["department"]).first()
        if department is None:
            raise InvalidInput({"department": [_("Unknown department.")]})
    previous = c.assignee.username if c.assignee else None
    c.assignee, c.department = assignee, department
    if assignee.username != previous:
        handoffs.assigned_notify(c, actor)
    return {"assignee": assignee.username, "previous": previous, "department": department.code if department else None}


ASSIGN = action(
    "assign",
    sources={Status.TRIAGED, Status.ASSIGNED, Status.INVESTIGATING, Status.REVIEW_REQUESTED},
    target=Status.ASSIGNED,
    roles={Role.MANAGER},
    payload=AssignPayload,
    handler=_assign,
    label=gettext_lazy("Assign"),
    help=gettext_lazy("Give the complaint to a handler (or a manager)."),
    done=gettext_lazy("Assigned"),
    clock_trigger=Trigger.ASSIGNED,
)

SPECS = (TRIAGE, DECLINE, MERGE, ASSIGN)
