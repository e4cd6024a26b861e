"""Reads of improvement actions: who may see which, the list with its filters, one action as pages and the API
show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redress.accounts.models import Department, Role, User
from redress.accounts.presenters import department_label, person
from redress.codes import selectors as codes
from redress.core.api import iso
from redress.core.errors import InvalidInput, NotFound
from redress.improvements import workflow
from redress.improvements.choices import CODE_KINDS, OPEN_STATES, SourceKind, Status
from redress.improvements.models import ActionEvent, ImprovementAction
from redress.improvements.sources import source_rows

# Those who see every action; a manager with a department sees that department's (and those of none).
_SEE_ALL = {Role.COMPLIANCE, Role.ANALYST, Role.AUDITOR, Role.ADMIN}


def actions_visible(user: User) -> QuerySet[ImprovementAction]:
    """The one row-level filter of the pages, the API and the services."""
    qs = ImprovementAction.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in _SEE_ALL or (user.role == Role.MANAGER and user.department_id is None):
        return qs
    scope = Q(owner=user) | Q(created_by=user)
    if user.department_id is not None:
        scope |= Q(department_id=user.department_id)
    if user.role == Role.MANAGER:
        scope |= Q(department__isnull=True)
    return qs.filter(scope)


def actor_of(user: User) -> workflow.Actor:
    return workflow.Actor(user_id=user.pk, role=user.role, department_id=user.department_id)


def subject_of(action: ImprovementAction) -> workflow.Subject:
    return workflow.Subject(status=action.status, owner_id=action.owner_id, department_id=action.department_id)


@dataclass(frozen=True)
class ListFilters:
    status: str = ""
    owner: int | None = None
    department: str = ""  # its code
    overdue: bool = False


def parse_list_filters(params: Any) -> ListFilters:
    """The list's filters from a query string; a 400 naming the field when one is not understood."""
    status = str(params.get("status") or "").strip()
    if status and status not in Status.values:
        raise InvalidInput({"status": [_("Not a status of an improvement action.")]})
    raw_owner = str(params.get("owner") or "").strip()
    if raw_owner and not raw_owner.isdigit():
        raise InvalidInput({"owner": [_("Give the owner's user id.")]})
    overdue = str(params.get("overdue") or "").strip().lower()
    if overdue not in ("", "0", "1", "true", "false"):
        raise InvalidInput({"overdue": [_("1 for the overdue only.")]})
    return ListFilters(
        status=status,
        owner=int(raw_owner) if raw_owner else None,
        department=str(params.get("department") or "").strip(),
        overdue=overdue in ("1", "true"),
    )


def overdue_q(today: date) -> Q:
    return Q(status__in=list(OPEN_STATES), due_on__lt=today)


def action_list(*, user: User, filters: ListFilters) -> QuerySet[ImprovementAction]:
    qs = actions_visible(user).select_related("owner", "department")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.owner is not None:
        qs = qs.filter(owner_id=filters.owner)
    if filters.department:
        qs = qs.filter(department__code=filters.department)
    if filters.overdue:
        qs = qs.filter(overdue_q(timezone.localdate()))
    return qs.prefetch_related("codes")


def actions_all(*, status: str = "") -> QuerySet[ImprovementAction]:
    """Every action (the command line, run by an operator), newest first."""
    qs = ImprovementAction.objects.select_related("owner", "department").prefetch_related("codes").order_by("-id")
    return qs.filter(status=status) if status else qs


def action_get(*, user: User, pk: int) -> ImprovementAction:
    action = (
        actions_visible(user)
        .select_related("owner", "department", "created_by")
        .prefetch_related("codes", "sources")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise NotFound(_("No improvement action %(id)s that you may see.") % {"id": pk})
    return action


def action_events(action: ImprovementAction) -> QuerySet[ActionEvent]:
    return ActionEvent.objects.filter(action=action).select_related("actor").order_by("seq")


def actions_of_complaint(complaint_id: int) -> list[ImprovementAction]:
    """The actions a complaint is a source of (the complaint page's panel)."""
    return list(
        ImprovementAction.objects.filter(sources__kind=SourceKind.COMPLAINT, sources__complaint_id=complaint_id)
        .select_related("owner")
        .distinct()
        .order_by("id")
    )


def is_overdue(action: ImprovementAction, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.status in OPEN_STATES and action.due_on is not None and action.due_on < today


def code_rows(action: ImprovementAction) -> list[dict[str, str]]:
    return [
        {"kind": c.kind, "code": c.code, "label": codes.label(c.kind, c.code)}
        for c in sorted(action.codes.all(), key=lambda c: (CODE_KINDS.index(c.kind), c.code))
    ]


def code_filter(action: ImprovementAction) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for c in action.codes.all():
        found.setdefault(c.kind, []).append(c.code)
    return found


def status_label(status: str) -> str:
    return str(dict(Status.choices).get(status, status))


def action_summary(action: ImprovementAction, today: date | None = None) -> dict[str, Any]:
    """One action as the list and the API's list give it."""
    return {
        "id": action.pk,
        "title": action.title,
        "status": action.status,
        "status_label": status_label(action.status),
        "owner": action.owner_id,
        "owner_name": person(action.owner) or None,
        "department": action.department.code if action.department else None,
        "department_label": department_label(action.department) or None,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "overdue": is_overdue(action, today),
        "went_live_on": action.went_live_on.isoformat() if action.went_live_on else None,
        "codes": code_rows(action),
        "created_at": iso(action.created_at),
    }


def action_detail(action: ImprovementAction, user: User) -> dict[str, Any]:
    """One action with its sources, timeline and what `user` may do to it."""
    return {
        **action_summary(action),
        "description": action.description,
        "reject_reason": action.reject_reason,
        "sources": source_rows(list(action.sources.all())),
        "timeline": [event_row(e) for e in action_events(action)],
        "allowed_transitions": workflow.allowed_targets(subject_of(action), actor_of(user)),
    }


EVENT_LABELS = {
    "created": gettext_lazy("Suggested"),
    "created_from_plan": gettext_lazy("Made from an approved resolution"),
    "approve": gettext_lazy("Approved"),
    "reject": gettext_lazy("Rejected"),
    "assign_approved": gettext_lazy("Owner or due date changed"),
    "assign_in_progress": gettext_lazy("Owner or due date changed"),
    "start": gettext_lazy("Started"),
    "complete": gettext_lazy("Done"),
    "verify": gettext_lazy("Verified"),
    "comment": gettext_lazy("Comment"),
}


def event_row(event: ActionEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "kind": event.kind,
        "label": str(EVENT_LABELS.get(event.kind, event.kind)),
        "at": iso(event.created_at),
        "actor": person(event.actor) or None,
        "data": event.data,
        "hash": event.hash,
    }


def owner_choices(action: ImprovementAction | None = None) -> list[tuple[int, str]]:
    """Who may be named owner: active staff, those of the action's department first."""
    staff = User.objects.filter(is_active=True).select_related("department").order_by("username")
    department_id = action.department_id if action else None
    ordered = sorted(staff, key=lambda u: (u.department_id != department_id, u.username))
    return [(u.pk, person(u)) for u in ordered]


def department_choices() -> list[tuple[str, str]]:
    return [(d.code, department_label(d)) for d in Department.objects.order_by("code")]


def department_id_of(code: str) -> int | None:
    if not code:
        return None
    found = Department.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise InvalidInput({"department": [_("There is no such department.")]})
    return found
