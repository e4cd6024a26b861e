"""Resolution plans: propose, approve (tiers, maker-checker), reject."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redress.complaints import extensions
from redress.complaints.choices import PlanStatus, RedressType
from redress.complaints.models import Approval, ApprovalTier, Complaint, RedressItem, ResolutionPlan
from redress.complaints.workflow import Actor, Subject
from redress.core.errors import Conflict, InvalidInput

_PROPOSED = PlanStatus.PROPOSED
_LABEL = {"reason": gettext_lazy("reason"), "root_cause": gettext_lazy("root cause")}


def approvals_needed(currency: str, total: Decimal) -> tuple[int, bool]:
    """(approvals required, compliance required) for a redress total, from the tier table."""
    tier = ApprovalTier.objects.filter(currency=currency, threshold__lt=total).order_by("-threshold").first()
    return (tier.approvals_required, tier.compliance_required) if tier else (1, False)


def plan_propose(*, complaint: Complaint, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    codes = _codes_set(complaint, data)
    items = data["redress"]
    currency = items[0]["currency"] if items else settings.REDRESS_DEFAULT_CURRENCY
    total = sum((i["amount"] for i in items if i["type"] != RedressType.NON_MONETARY), Decimal("0"))
    required, compliance = approvals_needed(currency, total)
    version = (complaint.plans.aggregate(v=Max("version"))["v"] or 0) + 1
    plan = ResolutionPlan.objects.create(
        complaint=complaint,
        version=version,
        outcome=data["outcome"],
        summary=data["summary"],
        improvements=data["improvements"],
        currency=currency,
        total=total,
        approvals_required=required,
        compliance_required=compliance,
        proposed_by_id=actor.staff_id,
    )
    RedressItem.objects.bulk_create(
        [
            RedressItem(
                plan=plan, type=i["type"], amount=i["amount"], currency=i["currency"], description=i["description"]
            )
            for i in items
        ]
    )
    return {
        **codes,
        "plan": version,
        "outcome": plan.outcome,
        "total": total,
        "currency": currency,
        "redress": [{"type": i["type"], "amount": i["amount"], "currency": i["currency"]} for i in items],
        "improvements": plan.improvements,
        "approvals_required": required,
        "compliance_required": compliance,
    }


def _codes_set(complaint: Complaint, data: dict[str, Any]) -> dict[str, Any]:
    """The reason and root cause a proposal needs: given now, or set before. Returns the changes made."""
    changes: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    for name in ("reason", "root_cause"):
        code = data.get(name) or ""
        if code and code != getattr(complaint, name):
            changes[name] = [getattr(complaint, name), code]
            setattr(complaint, name, code)
        if not getattr(complaint, name):
            missing[name] = [_("Give the complaint's %(what)s before proposing a resolution.") % {"what": _LABEL[name]}]
    if missing:
        raise InvalidInput(missing)
    return {"changes": changes} if changes else {}


def plan_revise(*, complaint: Complaint, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """A changed plan is a new version awaiting approval; the approvals of the one it replaces are void."""
    old = (
        ResolutionPlan.objects.filter(complaint=complaint, status__in=[_PROPOSED, PlanStatus.APPROVED])
        .order_by("-version")
        .prefetch_related("approvals__approver")
        .first()
    )
    if old is None:  # pragma: no cover - the state table guarantees a plan
        raise Conflict(_("There is no resolution to revise."))
    voided = [a.approver.username for a in old.approvals.all()]
    old.status = PlanStatus.SUPERSEDED
    old.save(update_fields=["status"])
    # `reason` here is why the plan changed, not the complaint's reason code (that changes through `classify`).
    new = plan_propose(complaint=complaint, actor=actor, data={k: v for k, v in data.items() if k != "reason"})
    return {**new, "replaces": old.version, "voided_approvals": voided, "reason": data["reason"]}


def _proposed_plan(complaint: Complaint) -> ResolutionPlan:
    return ResolutionPlan.objects.filter(complaint=complaint, status=_PROPOSED).order_by("-version").get()


def plan_approve(*, complaint: Complaint, actor: Actor, note: str, subject: Subject) -> dict[str, Any]:
    plan = _proposed_plan(complaint)
    Approval.objects.create(plan=plan, approver_id=actor.staff_id, role=actor.role or "", note=note)
    count = len(subject.approvals) + 1
    if count >= plan.approvals_required:
        plan.status, plan.decided_at = PlanStatus.APPROVED, timezone.now()
        plan.save(update_fields=["status", "decided_at"])
        added: dict[str, Any] = {}
        for hook in extensions.on_plan_approved:
            added.update(hook(complaint, plan, actor.user_id))
        return {
            "plan": plan.version,
            "note": note,
            "approvals": count,
            "approvals_required": plan.approvals_required,
            **added,
        }
    return {"plan": plan.version, "note": note, "approvals": count, "approvals_required": plan.approvals_required}


def plan_reject(*, complaint: Complaint, reason: str) -> dict[str, Any]:
    plan = _proposed_plan(complaint)
    plan.status, plan.decided_at = PlanStatus.REJECTED, timezone.now()
    plan.save(update_fields=["status", "decided_at"])
    return {"plan": plan.version, "reason": reason}


def redress_record_payment(
    *, complaint: Complaint, actor: Actor, item_id: int, reference: str, paid_on: date | None
) -> dict[str, Any]:
    """Mark one monetary item of the approved plan paid, with the payment's reference and date."""
    item = (
        RedressItem.objects.select_for_update()
        .filter(id=item_id, plan__complaint=complaint, plan__status=PlanStatus.APPROVED)
        .first()
    )
    if item is None:
        raise InvalidInput({"item": [_("Name a redress item of this complaint's approved resolution.")]})
    if item.type == RedressType.NON_MONETARY:
        raise InvalidInput({"item": [_("A non-monetary item is not paid.")]})
    if item.paid_on is not None:
        raise Conflict(_("This item is recorded as paid already."), code="already_paid")
    today = timezone.localdate()
    if paid_on is not None and not settings.REDRESS_EARLIEST_DATE <= paid_on <= today:
        message = _("Give a day from %(first)s to today.") % {"first": settings.REDRESS_EARLIEST_DATE.isoformat()}
        raise InvalidInput({"paid_on": [message]})
    item.paid_on = paid_on or today
    item.payment_reference, item.paid_recorded_by_id = reference, actor.staff_id
    item.save(update_fields=["paid_on", "payment_reference", "paid_recorded_by"])
    return {
        "item": item.pk,
        "type": item.type,
        "amount": item.amount,
        "currency": item.currency,
        "payment_reference": reference,
        "paid_on": item.paid_on,
    }
