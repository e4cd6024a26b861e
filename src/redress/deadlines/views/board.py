"""The deadline board (/deadlines/board/): what is overdue, due today and this week, by department and handler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from redress.accounts.models import Department, User
from redress.accounts.presenters import department_label, person, user_of
from redress.deadlines.selectors import deadline_board, may_see_board

COLUMNS = ("overdue", "today", "week")


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


def _rows(
    counts: list[dict[str, Any]], field: str, param: str, names: dict[str, str], *, linked: bool = True
) -> list[BoardRow]:
    """`linked`: each number opens the queue with those complaints (the queue filters regulatory deadlines)."""
    rows = []
    for row in counts:
        key = row.get(field) or ""
        cells = [
            Cell(int(row.get(column) or 0), _queue_url(column, **{param: key}) if key and linked else "")
            for column in COLUMNS
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
    codes += [r["complaint__department__code"] for r in data["targets_by_department"]]
    usernames = [r["assignee__username"] for r in data["by_handler"] if r.get("assignee__username")]
    usernames += [r["complaint__assignee__username"] for r in data["targets_by_handler"]]
    departments = {d.code: department_label(d) for d in Department.objects.filter(code__in=codes)}
    handlers = {u.username: person(u) for u in User.objects.filter(username__in=usernames)}
    context = {
        "now": data["now"],
        "by_department": _rows(data["by_department"], "department__code", "department", departments),
        "by_handler": _rows(data["by_handler"], "assignee__username", "assignee", handlers),
        "totals": _totals(data["by_department"]),
        # The internal targets (first contact, assignment): counted apart, so a breach shows even when no
        # regulatory deadline is near.
        "targets_by_department": _rows(
            data["targets_by_department"], "complaint__department__code", "department", departments, linked=False
        ),
        "targets_by_handler": _rows(
            data["targets_by_handler"], "complaint__assignee__username", "assignee", handlers, linked=False
        ),
        "target_totals": [Cell(sum(int(r.get(c) or 0) for r in data["targets_by_department"]), "") for c in COLUMNS],
    }
    return render(request, "deadlines/board.html", context)
