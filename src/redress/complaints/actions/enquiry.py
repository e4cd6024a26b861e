"""Not a complaint: answer it as an enquiry (clocks stopped, counted apart), and the way back within the window."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from redress.accounts.models import Role
from redress.audit.models import Event
from redress.complaints.actions.spec import action
from redress.complaints.choices import Status
from redress.complaints.models import Complaint
from redress.complaints.payloads import ReasonPayload
from redress.complaints.workflow import ASSIGNEE, Actor, Refusal, Subject
from redress.correspondence.services import letter_issue
from redress.deadlines.policies import retention_date, review_window

# Before a decision: what staff may still find is not a complaint.
BEFORE_DECISION = frozenset({Status.RECEIVED, Status.TRIAGED, Status.ASSIGNED, Status.INVESTIGATING, Status.ON_HOLD})


def _convert(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """The customer gets the enquiry letter; the clocks stop (`clocks_follow`); the window to undo it opens."""
    now = timezone.now()
    c.is_complaint = False
    c.closed_at = now
    c.review_window_ends_at = now + review_window(c)
    c.retain_until = retention_date(c)  # kept like an archived complaint, then erased by the retention purge
    letter = letter_issue(complaint=c, kind="enquiry", channel=None, actor=actor, context={"reason": data["reason"]})
    return {"reason": data["reason"], "letter": letter.pk, "window_ends_at": c.review_window_ends_at}


CONVERT_TO_ENQUIRY = action(
    "convert_to_enquiry",
    sources=BEFORE_DECISION,
    target=Status.ENQUIRY,
    roles={ASSIGNEE, Role.MANAGER},
    payload=ReasonPayload,
    handler=_convert,
    label=gettext_lazy("Not a complaint: answer as an enquiry"),
    help=gettext_lazy(
        "The customer receives an enquiry letter with the reason; the complaint deadlines stop and the reports "
        "count it as an enquiry. It can be reopened as a complaint within the review window."
    ),
    done=gettext_lazy("Converted to an enquiry"),
    dangerous=True,
)


def enquiry_window_open(subject: Subject, actor: Actor) -> Refusal | None:
    if not subject.review_window_open:
        return Refusal(
            "conflict", "enquiry_window_closed", "The window for reopening this enquiry as a complaint has closed."
        )
    return None


def _status_before(c: Complaint) -> str:
    """The state the complaint was in when it was converted (its last conversion's event)."""
    event = Event.objects.filter(complaint=c, kind="convert_to_enquiry").order_by("-seq").only("data").first()
    before = (event.data or {}).get("from") if event is not None else None
    return before if before in BEFORE_DECISION else Status.RECEIVED


def _reopen(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """Back to the state it left; its clocks run again on their first due dates (`clocks_follow`)."""
    before, c.status = c.status, _status_before(c)
    c.is_complaint = True
    c.closed_at = c.review_window_ends_at = c.retain_until = None
    return {"from": before, "to": c.status, "reason": data["reason"]}


REOPEN_AS_COMPLAINT = action(
    "reopen_as_complaint",
    sources={Status.ENQUIRY},
    target=None,  # the state it was in before (the handler sets it)
    roles={ASSIGNEE, Role.MANAGER},
    guards=(enquiry_window_open,),
    payload=ReasonPayload,
    handler=_reopen,
    label=gettext_lazy("Reopen as a complaint"),
    help=gettext_lazy("It is a complaint after all: it returns to where it was and its deadlines run again."),
    done=gettext_lazy("Reopened as a complaint"),
)

SPECS = (CONVERT_TO_ENQUIRY, REOPEN_AS_COMPLAINT)
