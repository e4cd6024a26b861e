"""Routing: the department and the handler the rules give a classified complaint (`RoutingRule`).

Applied when a complaint is triaged (department and handler: the complaint is assigned) and when it
arrives already classified (department only: intake still triages it). Staff override with `assign`.
Every routing is on the timeline with the rule that chose it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from redress.accounts.models import Department, Role, User
from redress.audit.services import event_append
from redress.complaints.choices import OPEN_STATUSES, Status
from redress.complaints.models import Complaint, RoutingRule
from redress.complaints.selectors import routing_rules
from redress.complaints.workflow import SYSTEM_ACTOR
from redress.deadlines.services import clocks_follow


@dataclass(frozen=True)
class Route:
    rule: RoutingRule
    department: Department
    handler: User | None


def rule_for(complaint: Complaint) -> RoutingRule | None:
    """The rule that applies: the first by priority, then the most specific, then the oldest."""
    for rule in routing_rules():
        if rule.matches(
            business=complaint.business,
            product=complaint.product,
            jurisdiction=complaint.jurisdiction,
            channel=complaint.channel,
        ):
            return rule
    return None


def away_on(day: date) -> Q:
    """The users away on `day` (the same test as `User.is_away`, in SQL)."""
    return Q(away_until__gte=day) & (Q(away_from__isnull=True) | Q(away_from__lte=day))


def handler_for(complaint: Complaint, department: Department, *, day: date | None = None) -> User | None:
    """The department's active handler with the fewest open complaints, not away and not named in the complaint."""
    day = day or timezone.localdate()
    open_count = Count("assigned_complaints", filter=Q(assigned_complaints__status__in=sorted(OPEN_STATUSES)))
    candidates = User.objects.filter(is_active=True, role=Role.HANDLER, department=department).exclude(away_on(day))
    if complaint.named_staff_id is not None:
        candidates = candidates.exclude(pk=complaint.named_staff_id)
    return candidates.annotate(open_complaints=open_count).order_by("open_complaints", "id").first()


def route_for(complaint: Complaint, *, with_handler: bool) -> Route | None:
    rule = rule_for(complaint)
    if rule is None:
        return None
    handler = handler_for(complaint, rule.department) if with_handler and rule.assign_handler else None
    return Route(rule, rule.department, handler)


def complaint_route(complaint: Complaint) -> dict[str, Any] | None:
    """Route the (locked or new) complaint by the rules; returns its timeline event's data, None when no rule applies.

    A triaged complaint goes to the handler chosen (an `assign` event: the assignment clock is met); one
    not yet triaged, or when no handler is free, only to the department (a `routed` event).
    """
    assign = complaint.status == Status.TRIAGED
    route = route_for(complaint, with_handler=assign)
    if route is None:
        return None
    data: dict[str, Any] = {"rule": route.rule.name, "department": route.department.code}
    complaint.department = route.department
    kind = "routed"
    if route.handler is not None:
        previous = complaint.assignee.username if complaint.assignee_id and complaint.assignee else None
        complaint.assignee, kind = route.handler, "assign"
        data = {"from": complaint.status, "to": Status.ASSIGNED, "assignee": route.handler.username, **data}
        if previous:
            data["previous"] = previous
        complaint.status = Status.ASSIGNED
        data.update(clocks_follow(complaint=complaint, action="assign", data=data, at=timezone.now()))
    complaint.save(update_fields=["department", "assignee", "status", "updated_at"])
    event_append(complaint=complaint, kind=kind, actor=SYSTEM_ACTOR, data=data)
    return data
