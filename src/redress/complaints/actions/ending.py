"""After the decision: the customer's answer, a review, closing, archiving; the customer withdrawing."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from redress.accounts.models import Role
from redress.complaints.actions.spec import action
from redress.complaints.choices import OPEN_STATUSES, Status
from redress.complaints.models import Complaint
from redress.complaints.payloads import Empty, OptionalReasonPayload, ReasonPayload, SatisfactionPayload
from redress.complaints.workflow import (
    ASSIGNEE,
    CUSTOMER,
    SYSTEM,
    Actor,
    Subject,
    review_window_closed,
    review_window_open,
)
from redress.deadlines.models import Trigger
from redress.deadlines.policies import retention_date
from redress.notifications.services import complaint_managers, handoff_notify


def _satisfaction(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.satisfaction, c.satisfaction_score = data["result"], data["score"]
    c.closed_at = timezone.now()
    return {"result": data["result"], "score": data["score"], "comment": data["comment"]}


RECORD_SATISFACTION = action(
    "record_satisfaction",
    sources={Status.CUSTOMER_NOTIFIED},
    target=Status.CLOSED,
    roles={CUSTOMER, ASSIGNEE, SYSTEM},
    payload=SatisfactionPayload,
    handler=_satisfaction,
    label=gettext_lazy("Record satisfaction"),
    help=gettext_lazy("Record whether the customer is satisfied; this closes the complaint."),
    done=gettext_lazy("Satisfaction recorded"),
)


def _review(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """The review goes to someone else, more senior: the first handler hands it back to the manager."""
    handler = c.assignee.username if c.assignee_id and c.assignee else None
    if c.assignee_id:
        c.previous_handler_id = c.assignee_id
    c.assignee, c.closed_at = None, None
    # The words are the reader's, when read (not the complaint's language).
    handoff_notify(kind="review_requested", users=complaint_managers(c), complaint=c, params={}, actor_id=actor.user_id)
    return {"reason": data.get("reason", ""), "previous_handler": handler}


REQUEST_REVIEW = action(
    "request_review",
    sources={Status.CUSTOMER_NOTIFIED, Status.CLOSED},
    target=Status.REVIEW_REQUESTED,
    roles={CUSTOMER, Role.INTAKE_AGENT},
    guards=(review_window_open,),
    payload=ReasonPayload,
    handler=_review,
    label=gettext_lazy("Request review"),
    help=gettext_lazy("The customer asks for the decision to be reviewed."),
    done=gettext_lazy("Review requested"),
    clock_trigger=Trigger.REVIEW_REQUESTED,
)


def _ending(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.closed_at = timezone.now()
    return {"reason": data.get("reason", "")}


CLOSE = action(
    "close",
    sources={Status.CUSTOMER_NOTIFIED},
    target=Status.CLOSED,
    roles={Role.MANAGER},
    payload=OptionalReasonPayload,
    handler=_ending,
    label=gettext_lazy("Close"),
    help=gettext_lazy("Close the complaint after the customer was told of the decision."),
    done=gettext_lazy("Closed"),
    dangerous=True,
)


def _archive(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.archived_at = timezone.now()
    c.retain_until = retention_date(c)
    return {"retain_until": c.retain_until}


ARCHIVE = action(
    "archive",
    sources={Status.CLOSED},
    target=Status.ARCHIVED,
    roles={SYSTEM, Role.COMPLIANCE},
    guards=(review_window_closed,),
    payload=Empty,
    handler=_archive,
    label=gettext_lazy("Archive"),
    help=gettext_lazy("Archive the closed complaint; the review window has ended."),
    done=gettext_lazy("Archived"),
    dangerous=True,
)

WITHDRAW = action(
    "withdraw",
    sources=OPEN_STATUSES,
    target=Status.WITHDRAWN,
    roles={CUSTOMER, Role.INTAKE_AGENT},
    payload=ReasonPayload,
    handler=_ending,
    label=gettext_lazy("Withdraw"),
    help=gettext_lazy("The customer withdraws the complaint."),
    done=gettext_lazy("Withdrawn"),
    dangerous=True,
)

SPECS = (RECORD_SATISFACTION, REQUEST_REVIEW, CLOSE, ARCHIVE, WITHDRAW)
