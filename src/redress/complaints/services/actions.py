"""The one path that changes a complaint: lock, check the table, validate, apply, record.

Every action runs in one transaction that locks the complaint row, so two people acting
at once cannot both win: the second sees the new state and gets a 409.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redress.accounts.models import Role, User
from redress.audit.services import event_append
from redress.complaints import workflow
from redress.complaints.models import Complaint
from redress.complaints.payloads import PAYLOADS
from redress.complaints.selectors import complaint_subject, current_plan, review_eligible
from redress.complaints.services import resolution
from redress.complaints.workflow import Actor, Subject
from redress.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from redress.correspondence.services import letter_issue
from redress.deadlines.services import clock_extend, clocks_follow, managers_notify

Handler = Callable[[Complaint, Actor, dict[str, Any], Subject], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


def handles(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return register


def complaint_act(
    *, reference: str, action: str, actor: Actor, payload: dict[str, Any], user: User | None = None
) -> Complaint:
    """Take `action` on the complaint `reference` for `actor` (staff: `user` too, for row scope)."""
    if action not in PAYLOADS:
        raise NotFound(_("There is no action %(action)s.") % {"action": action}, code="unknown_action")
    with transaction.atomic():
        complaint, subject = lock_and_check(reference=reference, action=action, actor=actor, user=user)
        serializer = PAYLOADS[action](data=payload)
        if not serializer.is_valid():
            raise InvalidInput(serializer.errors)
        before_fields = _field_values(complaint)
        data = HANDLERS[action](complaint, actor, dict(serializer.validated_data), subject)
        before, after = complaint.status, workflow.target_of(action, subject)
        if after is not None:
            complaint.status = after
            data = {"from": before, "to": after, **data}
        data.update(clocks_follow(complaint=complaint, action=action, data=data, at=timezone.now()))
        if after == workflow.CLOSED:
            data.update(_follow_up_on_closing(complaint))
        # Write only what changed: the personal data is not re-encrypted on every action.
        changed = [name for name, value in _field_values(complaint).items() if before_fields[name] != value]
        complaint.save(update_fields=[*changed, "updated_at"])
        event_append(complaint=complaint, kind=action, actor=actor, data=data)
    return complaint


def _follow_up_on_closing(complaint: Complaint) -> dict[str, Any]:
    from redress.surveys.services import followups_schedule

    task = followups_schedule(complaint=complaint)
    return {"follow_up_due_on": task.due_on.isoformat()} if task else {}


def _field_values(complaint: Complaint) -> dict[str, Any]:
    return {f.attname: getattr(complaint, f.attname) for f in complaint._meta.concrete_fields if not f.primary_key}


def lock_and_check(*, reference: str, action: str, actor: Actor, user: User | None) -> tuple[Complaint, Subject]:
    """Lock the complaint row and check the table; the caller is inside a transaction."""
    rows = Complaint.objects.all() if user is None else Complaint.objects.restrict(user, "view")
    complaint = rows.select_for_update(of=("self",)).filter(reference=reference).first()
    if complaint is None:
        raise NotFound(_("No complaint %(reference)s that you may see.") % {"reference": reference})
    subject = complaint_subject(complaint)
    refusal = workflow.evaluate(action, subject, actor)
    if refusal is not None:
        error = Forbidden if refusal.kind == "forbidden" else Conflict
        raise error(refusal.detail, code=refusal.code)
    return complaint, subject


def _reason(data: dict[str, Any]) -> dict[str, Any]:
    return {"reason": data.get("reason", "")}


@handles("triage")
def _triage(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.business = data["business"]
    c.product = data.get("product", c.product)
    c.urgent = data["urgent"]
    c.is_complaint = data["is_complaint"]
    from redress.triage.services import triage_decision

    # What triage suggested and which labels staff changed: the label the next model learns from.
    return {
        "business": c.business,
        "product": c.product,
        "urgent": c.urgent,
        "is_complaint": c.is_complaint,
        **triage_decision(c),
    }


@handles("decline")
def _decline(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.closed_at = timezone.now()
    letter = letter_issue(complaint=c, kind="decline", channel=None, actor=actor, context={"reason": data["reason"]})
    return {**_reason(data), "letter": letter.pk}


@handles("merge")
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


@handles("assign")
def _assign(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    from redress.accounts.models import Department

    assignee = User.objects.filter(username=data["assignee"], is_active=True).first()
    if assignee is None or assignee.role not in (Role.HANDLER, Role.MANAGER):
        raise InvalidInput({"assignee": [_("Name an active handler or manager.")]})
    if assignee.pk == c.named_staff_id:
        raise Forbidden(_("The person named in the complaint may not handle it."), code="recused")
    if c.status == workflow.REVIEW and not review_eligible(c, assignee):
        raise InvalidInput({"assignee": [_("A review goes to someone other than the first handler, and more senior.")]})
    department = assignee.department
    if data.get("department"):
        department = Department.objects.filter(code=data["department"]).first()
        if department is None:
            raise InvalidInput({"department": [_("Unknown department.")]})
    previous = c.assignee.username if c.assignee else None
    c.assignee, c.department = assignee, department
    return {"assignee": assignee.username, "previous": previous, "department": department.code if department else None}


@handles("start_investigation")
@handles("resume")
def _plain(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {}


@handles("archive")
def _archive(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.archived_at = timezone.now()
    c.retain_until = resolution.retention_date(c)
    return {"retain_until": c.retain_until}


@handles("export")
def _export(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return _reason(data)


@handles("request_review")
def _review(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """The review goes to someone else, more senior: the first handler hands it back to the manager."""
    handler = c.assignee.username if c.assignee_id and c.assignee else None
    if c.assignee_id:
        c.previous_handler_id = c.assignee_id
    c.assignee, c.closed_at = None, None
    with translation.override(c.language):
        message = _("%(reference)s: the customer asked for a review; assign someone more senior.") % {
            "reference": c.reference
        }
    managers_notify(complaint=c, kind="review_requested", message=message)
    return {**_reason(data), "previous_handler": handler}


@handles("hold")
def _hold(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {**_reason(data), "pause_reason": data["pause_reason"]}


@handles("extend_deadline")
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


@handles("withdraw")
@handles("close")
def _ending(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.closed_at = timezone.now()
    return _reason(data)


@handles("propose_resolution")
def _propose(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return resolution.plan_propose(complaint=c, actor=actor, data=data)


@handles("approve_resolution")
def _approve(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return resolution.plan_approve(complaint=c, actor=actor, note=data["note"], subject=subject)


@handles("revise_resolution")
def _revise(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return resolution.plan_revise(complaint=c, actor=actor, data=data)


@handles("reject_resolution")
def _reject(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return resolution.plan_reject(complaint=c, reason=data["reason"])


@handles("notify_customer")
def _notify(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """The decision letter (review decision after a review request), checked, kept, and emailed or logged."""
    from redress.correspondence.selectors import decision_letter_kind
    from redress.correspondence.services import final_letter_context
    from redress.surveys.services import decision_survey, survey_url

    plan = current_plan(c)
    if plan is None:  # pragma: no cover - the state table guarantees an approved plan
        raise Conflict(_("There is no approved resolution to tell the customer about."))
    if data["channel"] == "email" and not c.customer_email:
        raise InvalidInput({"channel": [_("The customer has no email address; tell them by phone.")]})
    now = timezone.now()
    c.notified_at, c.outcome = now, plan.outcome
    c.review_window_ends_at = now + resolution.review_window(c)
    kind = decision_letter_kind(c)
    survey, edited = decision_survey(complaint=c, letter=data["letter"])
    letter = letter_issue(
        complaint=c,
        kind=kind,
        channel=data["channel"],
        actor=actor,
        context={**final_letter_context(c, plan), "survey_url": survey_url(survey)},
        body=edited or None,
    )
    return {"channel": data["channel"], "letter": letter.pk, "kind": kind, "survey": survey.pk, **_call(data)}


def _call(data: dict[str, Any]) -> dict[str, Any]:
    if data["channel"] != "phone":
        return {}
    return {"call_outcome": data["call_outcome"], "call_summary": data["call_summary"]}


@handles("resolve_summarily")
def _resolve_summarily(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    """UK DISP 1.5: resolved by the end of the third business day; the summary resolution letter, and closed."""
    from redress.correspondence.services import final_letter_context
    from redress.deadlines.services import clocks_stop

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


@handles("retry_letter")
def _retry_letter(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    from redress.correspondence.services import letter_retry

    return letter_retry(complaint=c, letter_id=data["letter"])


@handles("record_satisfaction")
def _satisfaction(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    c.satisfaction, c.satisfaction_score = data["result"], data["score"]
    c.closed_at = timezone.now()
    return {"result": data["result"], "score": data["score"], "comment": data["comment"]}


@handles("record_payment")
def _payment(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return resolution.redress_record_payment(
        complaint=c, actor=actor, item_id=data["item"], reference=data["payment_reference"], paid_on=data["paid_on"]
    )


@handles("record_follow_up")
def _follow_up(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    from redress.surveys.services import followup_record

    return followup_record(complaint=c, actor=actor, data=data)


@handles("add_note")
def _note(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {"text": data["text"]}


@handles("log_contact")
def _contact(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {"channel": data["channel"], "direction": data["direction"], "summary": data["summary"]}


@handles("reveal_pii")
def _reveal(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {**_reason(data), "fields": ["name", "id_number", "phone", "email", "address"]}
