"""Reads about approving plans: the plans a person may approve now ("awaiting my approval") and the people
who may approve a plan (told when it is proposed).

Both ask the action table itself (`workflow.evaluate("approve_resolution", ...)`: roles, recusal, the
maker-checker rule, approval limits per currency, the compliance slot) over the rows the person may act on
(`Complaint.objects.restrict(user, "act")`), so they list exactly what the approve button would allow."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from redress.accounts.models import ApprovalLimit, Role, User
from redress.accounts.presenters import person_name
from redress.complaints.choices import PlanStatus, Status
from redress.complaints.models import Approval, Complaint, ResolutionPlan
from redress.complaints.services.actor import actor_for
from redress.complaints.workflow import ACTIONS, Subject, evaluate

APPROVE = "approve_resolution"
AWAITING_MAX = 500  # the most plans the page lists (a person is never asked for more at once)


def approving_roles() -> frozenset[str]:
    """The roles the action table lets approve a plan."""
    action = ACTIONS.get(APPROVE)
    return action.roles if action else frozenset()


@dataclass(frozen=True)
class AwaitingPlan:
    reference: str
    version: int
    total: Decimal
    currency: str
    proposed_at: datetime
    proposed_by: str  # as pages name a person
    approvals: int
    approvals_required: int
    department_id: int | None


def _subject(row: dict[str, Any], user: User) -> Subject:
    """What `evaluate` reads of a proposed plan, from one row of `_rows`. The approvals already given are
    known only as far as the guards ask: whether this person gave one, whether compliance did, how many."""
    given: list[tuple[int, str]] = []
    if row["mine"]:
        given.append((user.pk, str(user.role)))
    if row["by_compliance"] and not (row["mine"] and user.role == Role.COMPLIANCE):
        given.append((0, Role.COMPLIANCE))
    given += [(0, "")] * max(0, row["given"] - len(given))
    return Subject(
        status=row["complaint__status"],
        assignee_id=row["complaint__assignee_id"],
        department_id=row["complaint__department_id"],
        named_staff_ids=frozenset({row["complaint__named_staff_id"]} if row["complaint__named_staff_id"] else ()),
        proposer_id=row["proposed_by_id"],
        plan_total=row["total"],
        plan_currency=row["currency"],
        approvals=tuple(given),
        approvals_required=row["approvals_required"],
        compliance_required=row["compliance_required"],
    )


def _rows(user: User) -> list[dict[str, Any]]:
    """One query: the proposed plans of the complaints `user` may act on, with what the guards need."""
    approvals = Approval.objects.filter(plan=OuterRef("pk"))
    counted = approvals.order_by().values("plan").annotate(n=Count("id")).values("n")
    extra_limit = ApprovalLimit.objects.filter(user=user, currency=OuterRef("currency")).values("amount")[:1]
    plans = (
        ResolutionPlan.objects.filter(
            status=PlanStatus.PROPOSED,
            complaint__status=Status.RESOLUTION_PROPOSED,
            complaint__in=Complaint.objects.restrict(user, "act").values("pk"),
        )
        .annotate(
            mine=Exists(approvals.filter(approver=user)),
            by_compliance=Exists(approvals.filter(role=Role.COMPLIANCE)),
            given=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
            extra_limit=Subquery(extra_limit),
        )
        .order_by("proposed_at", "id")
    )
    return list(
        plans.values(
            "version",
            "total",
            "currency",
            "approvals_required",
            "compliance_required",
            "proposed_at",
            "proposed_by_id",
            "proposed_by__username",
            "proposed_by__first_name",
            "proposed_by__last_name",
            "complaint__reference",
            "complaint__status",
            "complaint__assignee_id",
            "complaint__department_id",
            "complaint__named_staff_id",
            "mine",
            "by_compliance",
            "given",
            "extra_limit",
        )[:AWAITING_MAX]
    )


def awaiting_approval(user: User) -> list[AwaitingPlan]:
    """The plans `user` may approve now, oldest proposal first: one query (none for a role that approves
    nothing). Its length is the count in the navigation."""
    if not getattr(user, "is_authenticated", False) or user.role not in approving_roles():
        return []
    rows = _rows(user)
    # The person's limits in further currencies: those in the plans' currencies, read by the same query.
    actor = actor_for(user, {(r["currency"], r["extra_limit"]) for r in rows if r["extra_limit"] is not None})
    return [
        AwaitingPlan(
            reference=r["complaint__reference"],
            version=r["version"],
            total=r["total"],
            currency=r["currency"],
            proposed_at=r["proposed_at"],
            proposed_by=person_name(
                r["proposed_by__username"], r["proposed_by__first_name"] or "", r["proposed_by__last_name"] or ""
            ),
            approvals=r["given"],
            approvals_required=r["approvals_required"],
            department_id=r["complaint__department_id"],
        )
        for r in rows
        if evaluate(APPROVE, _subject(r, user), actor) is None
    ]


def plan_approvers(subject: Subject) -> list[User]:
    """The active people who may approve the plan `subject` describes, once it is proposed: each checked
    against the action table as themselves (roles, recusal, maker-checker, their limit in the plan's currency,
    the compliance slot). The row scope asks nothing more of them: every approving role may act on a
    complaint whose plan is proposed unless named in it, which the table refuses (recusal)."""
    subject = replace(subject, status=Status.RESOLUTION_PROPOSED)
    candidates = User.objects.filter(is_active=True, role__in=approving_roles()).prefetch_related(
        "extra_approval_limits"
    )
    approvers = []
    for person in candidates:
        limits = [(row.currency, row.amount) for row in person.extra_approval_limits.all()]  # prefetched
        if evaluate(APPROVE, subject, actor_for(person, limits)) is None:
            approvers.append(person)
    return approvers
