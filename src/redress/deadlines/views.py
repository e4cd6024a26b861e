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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from redress.accounts.models import Department, User
from redress.accounts.presenters import department_label, person, user_of
from redress.core.presenters import choice_label
from redress.deadlines.models import ClockKind, Notification
from redress.deadlines.selectors import (
    NOTIFICATION_FIELDS,
    deadline_board,
    may_see_board,
    notifications_page,
    unread_count,
)
from redress.deadlines.services import notifications_mark_read

# Who sees the board: the people who answer for the deadlines of others.
COLUMNS = ("overdue", "today", "week")
# Unread notifications counted for the header, at most (shown as "99+").


# The in-app notifications' kinds, as a person reads them.
NOTIFICATION_KINDS: dict[str, Promise] = {
    "deadline_warning": gettext_lazy("Deadline approaching"),
    "deadline_breached": gettext_lazy("Deadline passed"),
}


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


@dataclass(frozen=True)
class Item:
    """One alert of a notification: the complaint it is about (a link) and the clock, in the page's language."""

    reference: str
    clock: str  # the clock's name ("" when the notification names none: then `text` says what it is)
    text: str = ""


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    kind: str
    items: list[Item]  # at most INLINE_ITEMS on the list; all of them on the notification's own page
    total: int
    unread: bool

    @property
    def more(self) -> int:
        return self.total - len(self.items)


# Alerts of a digest listed on the notifications page; the rest are on the notification's own page.
INLINE_ITEMS = 10
_MESSAGE = re.compile(r"^(?P<reference>[A-Z]{2,5}-[0-9]{8}-[0-9]{4,}): (?P<clock>[a-z_]+) ")


def _clock(kind: str) -> str:
    return choice_label(ClockKind, kind) if kind in ClockKind.values else ""


def _row(n: Notification, limit: int | None = INLINE_ITEMS) -> NotificationRow:
    if n.items is not None:
        # A digest of the sweep: [reference, clock kind] for each alert of one batch.
        pairs = n.items if limit is None else n.items[:limit]
        items = [Item(reference=str(reference), clock=_clock(str(clock))) for reference, clock in pairs]
        total = len(n.items)
    else:
        # About one complaint ("REF: clock-kind words" when a clock is named); shown in the page's language.
        found = _MESSAGE.match(n.message)
        clock = _clock(found.group("clock")) if found else ""
        reference = n.complaint.reference if n.complaint else ""
        items = [Item(reference=reference, clock=clock, text="" if clock else n.message)]
        total = 1
    return NotificationRow(
        notification=n,
        kind=str(NOTIFICATION_KINDS.get(n.kind, n.kind.replace("_", " "))),
        items=items,
        total=total,
        unread=n.read_at is None,
    )


@never_cache
@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        before = 0
    page, has_next = notifications_page(user, before=before, size=settings.REDRESS_QUEUE_PAGE_SIZE)
    context = {
        "rows": [_row(n) for n in page],
        "next_before": page[-1].pk if has_next and page else None,
        "paged": before > 0,
        "unread": unread_count(user),
    }
    return render(request, "deadlines/notifications.html", context)


@never_cache
@login_required
@require_GET
def notification(request: HttpRequest, pk: int) -> HttpResponse:
    """One notification with every alert it stands for (a digest lists only the first few on the list)."""
    user = user_of(request)
    n = get_object_or_404(Notification.objects.select_related("complaint").only(*NOTIFICATION_FIELDS), pk=pk, user=user)
    return render(request, "deadlines/notification.html", {"row": _row(n, limit=None)})


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
