"""Reads about deadlines: a complaint's clocks, and the manager's board."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from redress.accounts.models import Role, User
from redress.complaints.choices import OPEN_STATUSES
from redress.complaints.models import Complaint
from redress.deadlines.calendar import days_left
from redress.deadlines.models import Clock, ClockState, Notification


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

    return {"by_department": counts("department__code"), "by_handler": counts("assignee__username"), "now": now}


def managers_by_department() -> dict[int | None, list[User]]:
    """The active managers, by department (None: managers of no department)."""
    managers: dict[int | None, list[User]] = defaultdict(list)
    for manager in User.objects.filter(role=Role.MANAGER, is_active=True).order_by("id"):
        managers[manager.department_id].append(manager)
    return managers


def managers_for(managers: dict[int | None, list[User]], department_id: int | None) -> list[User]:
    """Who hears of a complaint's escalation: its department's managers, or every manager when it has no
    department or no manager there."""
    told = managers.get(department_id, []) if department_id is not None else []
    return told or [m for group in managers.values() for m in group]


# Those who see the deadline board (and its link in the layout).
BOARD_ROLES = frozenset({Role.MANAGER, Role.COMPLIANCE, Role.ADMIN})


def may_see_board(user: Any) -> bool:
    return getattr(user, "role", None) in BOARD_ROLES


UNREAD_CAP = 99  # the header shows 99+ beyond this


def unread_count(user: Any) -> int:
    """Unread notifications, at most UNREAD_CAP + 1: an index range scan of ids, no COUNT over the table."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return len(
        Notification.objects.filter(user=user, read_at__isnull=True).values_list("id", flat=True)[: UNREAD_CAP + 1]
    )


NOTIFICATION_FIELDS = ("id", "kind", "message", "items", "created_at", "read_at", "complaint__reference")


NOTIFICATIONS_PAGE_MAX = 200  # the most notifications a page (API and CLI) holds


def notifications_page(
    user: Any, *, before: int = 0, size: int, unread_only: bool = False
) -> tuple[list[Notification], bool]:
    """A page of this person's notifications, newest first, older than id `before` (0: the newest), and
    whether there are more: a keyset page of `size + 1` rows, no COUNT."""
    qs = Notification.objects.filter(user=user).select_related("complaint").only(*NOTIFICATION_FIELDS)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if before > 0:
        qs = qs.filter(id__lt=before)
    page = list(qs.order_by("-id")[: size + 1])
    return page[:size], len(page) > size


def notification_representation(n: Notification) -> dict[str, Any]:
    """One notification: a digest lists every [reference, clock] it stands for; else the one complaint."""
    reference = n.complaint.reference if n.complaint_id and n.complaint else None
    pairs = n.items if n.items is not None else [[reference, None]]
    return {
        "id": n.pk,
        "kind": n.kind,
        "message": n.message,
        "complaint": reference,
        "alerts": [{"reference": ref, "clock": clock} for ref, clock in pairs],
        "created_at": n.created_at.isoformat(),
        "read_at": n.read_at.isoformat() if n.read_at else None,
    }
