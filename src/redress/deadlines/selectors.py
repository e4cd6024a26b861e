"""Reads about deadlines: a complaint's clocks, and the manager's board."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from redress.accounts.models import Role, User
from redress.complaints.choices import OPEN_STATUSES
from redress.complaints.models import Complaint
from redress.deadlines.calendar import days_left
from redress.deadlines.models import Clock, ClockKind, ClockState


def complaint_clocks(complaint: Complaint) -> list[dict[str, Any]]:
    clocks = Clock.objects.filter(complaint=complaint).select_related("rule__policy").order_by("due_at", "id")
    return clocks_representation(clocks)


def clocks_representation(clocks: Iterable[Clock]) -> list[dict[str, Any]]:
    """The rows of `complaint_clocks` for clocks already in memory (rules with their policy loaded)."""
    now = timezone.now()
    rows = []
    for clock in sorted(clocks, key=lambda c: (c.due_at, c.pk or 0)):
        tz = ZoneInfo(clock.rule.policy.timezone)
        open_ = clock.met_at is None and clock.state != ClockState.PAUSED
        rows.append(
            {
                "kind": clock.kind,
                "regulatory": clock.regulatory,
                "state": clock.state,
                "started_at": clock.started_at,
                "due_at": clock.due_at,
                "warn_at": clock.warn_at,
                "met_at": clock.met_at,
                "length": f"{clock.amount} {clock.unit}",
                "amount": clock.amount,
                "unit": clock.unit,
                "alerts": clock.rule.alerts,
                "extensions": clock.extension_step,
                "days_left": days_left(now, clock.due_at, tz) if open_ else None,
                "timezone": clock.rule.policy.timezone,
            }
        )
    return rows


def due_window(name: str, now: datetime | None = None) -> tuple[datetime | None, datetime | None]:
    """(from, to) of next_due_at for the board's columns: overdue, today, week (the next 7 days)."""
    now = now or timezone.now()
    end_of_today = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999999)
    if name == "overdue":
        return None, now
    if name == "today":
        return now, end_of_today
    if name == "week":
        return now, end_of_today + timedelta(days=6)
    raise ValueError(name)


def filter_due(qs: QuerySet[Complaint], name: str) -> QuerySet[Complaint]:
    start, end = due_window(name)
    if start is not None:
        qs = qs.filter(next_due_at__gt=start)
    return qs.filter(next_due_at__lte=end)


def deadline_board(*, user: User) -> dict[str, Any]:
    """Counts of open complaints due today / this week / overdue, by department and by handler (SQL aggregates)."""
    now = timezone.now()
    columns = {name: due_window(name, now) for name in ("overdue", "today", "week")}

    def counts(field: str) -> list[dict[str, Any]]:
        aggregates = {
            name: Count("id", filter=Q(next_due_at__lte=end) & (Q(next_due_at__gt=start) if start else Q()))
            for name, (start, end) in columns.items()
        }
        return list(
            Complaint.objects.restrict(user, "view")
            .filter(status__in=OPEN_STATUSES, next_due_at__isnull=False, next_due_at__lte=columns["week"][1])
            .values(field)
            .annotate(**aggregates)
            .order_by(field)
        )

    return {
        "by_department": counts("department__code"),
        "by_handler": counts("assignee__username"),
        "targets_by_department": internal_target_counts(user, "department__code", now),
        "targets_by_handler": internal_target_counts(user, "assignee__username", now),
        "now": now,
    }


def internal_target_counts(user: User, field: str, now: datetime) -> list[dict[str, Any]]:
    """The open internal targets (first contact, assignment: the clocks that are not regulatory) of the open
        complaints `user` sees, overdue / due today / this week, by the complaint's `field` (the rows' key is
    `complaint__<field>`): one aggregate query."""
    columns = {name: due_window(name, now) for name in ("overdue", "today", "week")}
    aggregates = {
        name: Count("id", filter=Q(due_at__lte=end) & (Q(due_at__gt=start) if start else Q()))
        for name, (start, end) in columns.items()
    }
    visible = Complaint.objects.restrict(user, "view").filter(status__in=OPEN_STATUSES).values("id")
    return list(
        Clock.objects.filter(
            regulatory=False,
            met_at__isnull=True,
            state__in=(ClockState.RUNNING, ClockState.BREACHED),
            due_at__lte=columns["week"][1],
            complaint__in=visible,
        )
        .values(f"complaint__{field}")
        .annotate(**aggregates)
        .order_by(f"complaint__{field}")
    )


# Those who see the deadline board (and its link in the layout).
BOARD_ROLES = frozenset({Role.MANAGER, Role.COMPLIANCE, Role.ADMIN})


def may_see_board(user: Any) -> bool:
    return getattr(user, "role", None) in BOARD_ROLES


def decision_due(ids: Sequence[int]) -> dict[int, datetime]:
    """complaint id -> when its decision (final response) clock is due, for the complaints `ids` that have one."""
    clocks = Clock.objects.filter(complaint_id__in=ids, kind=ClockKind.DECISION).values_list("complaint_id", "due_at")
    return dict(clocks)
