"""Deadline pages: the manager's board (/deadlines/board/) and a person's notifications (/notifications/)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from redress.accounts.models import Department, Role, User
from redress.complaints.views.common import user_of
from redress.complaints.views.due import NOTIFICATION_KINDS
from redress.complaints.views.presenters import choice_label, department_label, person
from redress.deadlines.models import ClockKind, Notification
from redress.deadlines.selectors import deadline_board
from redress.deadlines.services import notifications_mark_read

# Who sees the board: the people who answer for the deadlines of others.
BOARD_ROLES = frozenset({Role.MANAGER, Role.COMPLIANCE, Role.ADMIN})
COLUMNS = ("overdue", "today", "week")
# Unread notifications counted for the header, at most (shown as "99+").
UNREAD_CAP = 99


def may_see_board(user: Any) -> bool:
    return getattr(user, "role", None) in BOARD_ROLES


# --- The board ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    count: int
    url: str  # the queue filtered to these complaints ("" when the queue cannot filter them)


@dataclass(frozen=True)
class BoardRow:
    key: str
    label: str
    cells: list[Cell]
    overdue: int


def _queue_url(due: str, **narrow: str) -> str:
    params = QueryDict(mutable=True)
    params["f"] = "1"
    params["due"] = due
    for key, value in narrow.items():
        params[key] = value
    return f"{reverse('complaints:queue')}?{params.urlencode()}"


def _rows(counts: list[dict[str, Any]], field: str, param: str, names: dict[str, str]) -> list[BoardRow]:
    rows = []
    for row in counts:
        key = row.get(field) or ""
        cells = [
            Cell(int(row.get(column) or 0), _queue_url(column, **{param: key}) if key else "") for column in COLUMNS
        ]
        label = names.get(key, key) if key else ""
        rows.append(BoardRow(key, label, cells, cells[0].count))
    # The most overdue first; then by name.
    rows.sort(key=lambda r: (-r.overdue, r.key == "", r.label))
    return rows


def _totals(counts: list[dict[str, Any]]) -> list[Cell]:
    return [Cell(sum(int(r.get(c) or 0) for r in counts), _queue_url(c)) for c in COLUMNS]


@never_cache
@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not may_see_board(user):
        raise PermissionDenied(_("Only managers, compliance and administrators see the deadline board."))
    data = deadline_board(user=user)
    codes = [r["department__code"] for r in data["by_department"] if r.get("department__code")]
    usernames = [r["assignee__username"] for r in data["by_handler"] if r.get("assignee__username")]
    departments = {d.code: department_label(d) for d in Department.objects.filter(code__in=codes)}
    handlers = {u.username: person(u) for u in User.objects.filter(username__in=usernames)}
    context = {
        "now": data["now"],
        "by_department": _rows(data["by_department"], "department__code", "department", departments),
        "by_handler": _rows(data["by_handler"], "assignee__username", "assignee", handlers),
        "totals": _totals(data["by_department"]),
    }
    return render(request, "deadlines/board.html", context)


# --- Notifications -------------------------------------------------------------------------


def unread_count(user: Any) -> int:
    """Unread notifications, at most UNREAD_CAP + 1: an index range scan of ids, no COUNT over the table."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return len(
        Notification.objects.filter(user=user, read_at__isnull=True).values_list("id", flat=True)[: UNREAD_CAP + 1]
    )


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    kind: str
    reference: str
    clock: str
    unread: bool


_MESSAGE = re.compile(r"^(?P<reference>[A-Z]{2,5}-[0-9]{8}-[0-9]{4,}): (?P<clock>[a-z_]+) ")


def _row(n: Notification) -> NotificationRow:
    # The sweep writes "REF: clock-kind words"; the reference and the clock are shown in the page's language.
    found = _MESSAGE.match(n.message)
    clock = found.group("clock") if found else ""
    return NotificationRow(
        notification=n,
        kind=str(NOTIFICATION_KINDS.get(n.kind, n.kind.replace("_", " "))),
        reference=n.complaint.reference,
        clock=choice_label(ClockKind, clock) if clock in ClockKind.values else "",
        unread=n.read_at is None,
    )


@never_cache
@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    qs = Notification.objects.filter(user=user).select_related("complaint").order_by("-id")
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        before = 0
    if before > 0:
        qs = qs.filter(id__lt=before)
    size = settings.REDRESS_QUEUE_PAGE_SIZE
    page = list(qs.only("id", "kind", "message", "created_at", "read_at", "complaint__reference")[: size + 1])
    has_next = len(page) > size
    page = page[:size]
    context = {
        "rows": [_row(n) for n in page],
        "next_before": page[-1].pk if has_next and page else None,
        "paged": before > 0,
        "unread": unread_count(user),
    }
    return render(request, "deadlines/notifications.html", context)


@never_cache
@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all of the signed-in person's notifications read (only their own; one UPDATE)."""
    user = user_of(request)
    changed = notifications_mark_read(user=user)
    if changed:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("deadlines:notifications")
