"""Who hears of a hand-off on a complaint: the new assignee, the people who may approve a plan, the handler
whose plan was decided. Called by the action handlers, inside the action's transaction; the notifications
app tells them (in the app and/or by e-mail, as each chose), never the person who acted."""

from __future__ import annotations

from django.db.models import Prefetch

from redress.accounts.models import User
from redress.complaints.approvals import plan_approvers
from redress.complaints.choices import PlanStatus
from redress.complaints.models import Approval, Complaint, ResolutionPlan
from redress.complaints.selectors import complaint_subject
from redress.complaints.workflow import Actor
from redress.notifications.services import handoff_notify


def assigned_notify(complaint: Complaint, actor: Actor) -> None:
    if complaint.assignee is not None:
        handoff_notify(
            kind="assigned", users=[complaint.assignee], complaint=complaint, params={}, actor_id=actor.user_id
        )


def plan_proposed_notify(complaint: Complaint, actor: Actor) -> None:
    """A plan (new or revised) awaits approval: tell each person who may approve it now."""
    plan = (
        ResolutionPlan.objects.filter(complaint=complaint, status=PlanStatus.PROPOSED)
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.all()))
        .order_by("-version")
        .first()
    )
    if plan is None:
        return
    approvers = plan_approvers(complaint_subject(complaint, plan, clocks=[]))
    params = {"total": str(plan.total), "currency": plan.currency}
    handoff_notify(
        kind="plan_awaiting_approval", users=approvers, complaint=complaint, params=params, actor_id=actor.user_id
    )


def plan_decided_notify(complaint: Complaint, actor: Actor, *, approved: bool) -> None:
    """The plan was approved (its last approval) or sent back: tell who proposed it and the assignee."""
    plan = ResolutionPlan.objects.filter(complaint=complaint).select_related("proposed_by").order_by("-version").first()
    people: dict[int, User] = {}
    if plan is not None:
        people[plan.proposed_by_id] = plan.proposed_by
    if complaint.assignee is not None:
        people[complaint.assignee.pk] = complaint.assignee
    kind = "plan_approved" if approved else "plan_rejected"
    handoff_notify(kind=kind, users=people.values(), complaint=complaint, params={}, actor_id=actor.user_id)
