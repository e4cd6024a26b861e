"""Looking into a complaint: start, hold and resume the investigation, extend the deadline."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from redress.accounts.models import Role
from redress.complaints.actions.spec import action
from redress.complaints.choices import OPEN_STATUSES, Status
from redress.complaints.models import Complaint
from redress.complaints.payloads import ClassifyPayload, Empty, HoldPayload, ReasonPayload
from redress.complaints.workflow import ASSIGNEE, Actor, Subject, extension_allowed
from redress.correspondence.services import letter_issue
from redress.deadlines.services import clock_extend


def _plain(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {}


START_INVESTIGATION = action(
    "start_investigation",
    sources={Status.ASSIGNED},
    target=Status.INVESTIGATING,
    roles={ASSIGNEE},
    payload=Empty,
    handler=_plain,
    label=gettext_lazy("Start investigation"),
    help=gettext_lazy("Start looking into the complaint; the investigation clock is yours."),
    done=gettext_lazy("Investigation started"),
)


def _classify(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """Set the codes given; the timeline keeps each change as [before, after]."""
    changes: dict[str, list[str]] = {}
    for name, code in data.items():
        if getattr(c, name) != code:
            changes[name] = [getattr(c, name), code]
            setattr(c, name, code)
    return {"changes": changes}


# Until the decision is sent (and again while a review is open): afterwards the codes are what was decided.
CLASSIFY = action(
    "classify",
    sources=OPEN_STATUSES - {Status.RECEIVED, Status.CUSTOMER_NOTIFIED},
    target=None,
    roles={ASSIGNEE, Role.MANAGER, Role.COMPLIANCE},
    payload=ClassifyPayload,
    handler=_classify,
    label=gettext_lazy("Classify"),
    help=gettext_lazy("Set the business line, product, reason and root cause; every change is kept."),
    done=gettext_lazy("Classification changed"),
)


def _hold(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {"reason": data.get("reason", ""), "pause_reason": data["pause_reason"]}


HOLD = action(
    "hold",
    sources={Status.INVESTIGATING},
    target=Status.ON_HOLD,
    roles={ASSIGNEE, Role.MANAGER},
    payload=HoldPayload,
    handler=_hold,
    label=gettext_lazy("Put on hold"),
    help=gettext_lazy("Pause the complaint for one of the reasons the rules allow."),
    done=gettext_lazy("Put on hold"),
)

RESUME = action(
    "resume",
    sources={Status.ON_HOLD},
    target=Status.INVESTIGATING,
    roles={ASSIGNEE, Role.MANAGER},
    payload=Empty,
    handler=_plain,
    label=gettext_lazy("Resume"),
    help=gettext_lazy("Continue the investigation."),
    done=gettext_lazy("Resumed"),
)


def _extend(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """The next step of the policy; the customer is sent a notice with the reason when the step says so."""
    extension = clock_extend(complaint=c, at=timezone.now())
    letter_id = None
    if extension.notify_customer:
        letter_id = letter_issue(
            complaint=c,
            kind="extension",
            channel=None,
            actor=actor,
            context={"reason": data["reason"], "due_date": extension.due_date},
        ).pk
    return {
        "clock": extension.clock,
        "reason": data["reason"],
        "step": extension.step,
        "from_due_at": extension.from_due_at,
        "due_at": extension.due_at,
        "approved_as": extension.approved_as,
        "letter": letter_id,
    }


EXTEND_DEADLINE = action(
    "extend_deadline",
    sources=OPEN_STATUSES - {Status.CUSTOMER_NOTIFIED},
    target=None,
    roles={Role.MANAGER, Role.COMPLIANCE, Role.APPROVER, Role.HANDLER},
    guards=(extension_allowed,),
    payload=ReasonPayload,
    handler=_extend,
    label=gettext_lazy("Extend the deadline (next step of the policy)"),
    help=gettext_lazy("Extend the next deadline as the policy allows; the customer is told why."),
    done=gettext_lazy("Deadline extended"),
)

SPECS = (START_INVESTIGATION, HOLD, RESUME, EXTEND_DEADLINE, CLASSIFY)
