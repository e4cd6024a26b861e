"""Telling the customer: the decision letter, the UK summary resolution, a failed letter sent again."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redress.accounts.models import Role
from redress.complaints import extensions
from redress.complaints.actions.spec import Place, action
from redress.complaints.choices import Status
from redress.complaints.models import Complaint, ResolutionPlan
from redress.complaints.payloads import NotifyPayload, ResolveSummarilyPayload, RetryLetterPayload
from redress.complaints.selectors import current_plan
from redress.complaints.workflow import ASSIGNEE, NOT_ARCHIVED, Actor, Subject, summary_window_open
from redress.core.errors import Conflict, InvalidInput
from redress.correspondence.context import final_letter_context
from redress.correspondence.selectors import decision_letter_kind
from redress.correspondence.services import ComposedLetter, letter_compose, letter_issue, letter_retry
from redress.deadlines.models import Trigger
from redress.deadlines.policies import review_window
from redress.deadlines.services import clocks_stop


def _call(data: dict[str, Any]) -> dict[str, Any]:
    if data["channel"] != "phone":
        return {}
    return {"call_outcome": data["call_outcome"], "call_summary": data["call_summary"]}


def _notify(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """The decision letter (review decision after a review request), checked, kept, and emailed or logged.

    The apps above complaints add to the letter through `extensions.decision_letter_extras`
    (surveys: the survey's link, and the survey on the event)."""
    plan = current_plan(c)
    if plan is None:  # pragma: no cover - the state table guarantees an approved plan
        raise Conflict(_("There is no approved resolution to tell the customer about."))
    if data["channel"] == "email" and not c.customer_email:
        raise InvalidInput({"channel": [_("The customer has no email address; tell them by phone.")]})
    now = timezone.now()
    c.notified_at, c.outcome = now, plan.outcome
    c.review_window_ends_at = now + review_window(c)
    kind, context, edited, added = _decision_letter(c, plan, data["letter"])
    letter = letter_issue(
        complaint=c, kind=kind, channel=data["channel"], actor=actor, context=context, body=edited or None
    )
    return {"channel": data["channel"], "letter": letter.pk, "kind": kind, **added, **_call(data)}


def _decision_letter(
    c: Complaint, plan: ResolutionPlan, edited: str
) -> tuple[str, dict[str, Any], str, dict[str, Any]]:
    """The decision letter's kind, template context and edited text after the upper apps' extras, and what
    the extras add to the event."""
    kind = decision_letter_kind(c)
    extra_context: dict[str, Any] = {}
    added: dict[str, Any] = {}
    for extra in extensions.decision_letter_extras:
        found = extra(c, edited)
        edited, extra_context, added = found.letter, {**extra_context, **found.context}, {**added, **found.data}
    return kind, {**final_letter_context(c, plan), **extra_context}, edited, added


def notify_letter_preview(c: Complaint, letter: str) -> ComposedLetter:
    """The letter `notify_customer` would keep and send with the handler's `letter` ("": the template's), made
    the same way and nothing kept: what the extras write (the survey of the decision) is rolled back.
    Raises as the action would: LetterIncomplete, LetterTemplateMissing, Conflict without an approved plan."""
    plan = current_plan(c)
    if plan is None or c.status != Status.RESOLUTION_APPROVED:
        raise Conflict(_("There is no approved resolution to tell the customer about."))
    with transaction.atomic():
        kind, context, edited, _added = _decision_letter(c, plan, letter)
        composed = letter_compose(complaint=c, kind=kind, context=context, body=edited or None)
        transaction.set_rollback(True)
    return composed


NOTIFY_CUSTOMER = action(
    "notify_customer",
    sources={Status.RESOLUTION_APPROVED},
    target=Status.CUSTOMER_NOTIFIED,
    roles={ASSIGNEE},
    payload=NotifyPayload,
    handler=_notify,
    label=gettext_lazy("Notify customer"),
    help=gettext_lazy("Send the final decision letter, or record that you told the customer by phone."),
    done=gettext_lazy("Customer notified"),
    clock_trigger=Trigger.NOTIFIED,
)


def _resolve_summarily(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """UK DISP 1.5: resolved by the end of the third business day; the summary resolution letter, and closed."""
    if data["channel"] == "email" and not c.customer_email:
        raise InvalidInput({"channel": [_("The customer has no email address; tell them by phone.")]})
    now = timezone.now()
    c.notified_at = c.closed_at = now
    if data["outcome"]:
        c.outcome = data["outcome"]
    letter = letter_issue(
        complaint=c,
        kind="summary_resolution",
        channel=data["channel"],
        actor=actor,
        context={**final_letter_context(c, None), "summary": data["summary"]},
        body=data["letter"] or None,
    )
    stopped = clocks_stop(complaint=c, at=now)
    return {
        "summary": data["summary"],
        "outcome": data["outcome"],
        "channel": data["channel"],
        "letter": letter.pk,
        **_call(data),
        "clocks": {"stopped": stopped} if stopped else {},
    }


RESOLVE_SUMMARILY = action(
    "resolve_summarily",
    sources={Status.RECEIVED, Status.TRIAGED, Status.ASSIGNED, Status.INVESTIGATING},
    target=Status.CLOSED,
    roles={ASSIGNEE, Role.MANAGER},
    guards=(summary_window_open,),
    payload=ResolveSummarilyPayload,
    handler=_resolve_summarily,
    label=gettext_lazy("Resolve summarily (UK, 3 business days)"),
    help=gettext_lazy(
        "Resolved by the end of the third business day after receipt: the customer gets a summary resolution "
        "communication with their right to go to the Financial Ombudsman Service, and the complaint is closed."
    ),
    done=gettext_lazy("Resolved summarily"),
)


def _retry_letter(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return letter_retry(complaint=c, letter_id=data["letter"])


RETRY_LETTER = action(
    "retry_letter",
    sources=NOT_ARCHIVED,
    target=None,
    roles={ASSIGNEE, Role.MANAGER},
    payload=RetryLetterPayload,
    handler=_retry_letter,
    label=gettext_lazy("Send the letter again"),
    help=gettext_lazy("Only a letter whose email delivery failed can be sent again."),
    done=gettext_lazy("Letter sent again"),
    place=Place.INLINE,
)

SPECS = (NOTIFY_CUSTOMER, RESOLVE_SUMMARILY, RETRY_LETTER)
