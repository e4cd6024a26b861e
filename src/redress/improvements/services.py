"""Writes of improvement actions: file one, move it along its lifecycle, comment, make them from an approved
resolution plan. One transaction each, the timeline event written inside it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.accounts.selectors import managers_by_department
from redress.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from redress.improvements import workflow
from redress.improvements.choices import CODE_KINDS, SourceKind, Status
from redress.improvements.events import event_append
from redress.improvements.models import ActionCode, ActionSource, ImprovementAction
from redress.improvements.notices import owner_params, plan_params
from redress.improvements.selectors import actions_visible, actor_of, subject_of
from redress.improvements.sources import SourceSpec
from redress.notifications.services import staff_notify

if TYPE_CHECKING:
    from redress.complaints.models import Complaint, ResolutionPlan


def _codes_add(action: ImprovementAction, codes: dict[str, list[str]]) -> dict[str, list[str]]:
    added: dict[str, list[str]] = {}
    for kind in CODE_KINDS:
        for code in sorted(set(codes.get(kind) or [])):
            if code:
                ActionCode.objects.get_or_create(action=action, kind=kind, code=code)
                added.setdefault(kind, []).append(code)
    return added


def _source_add(action: ImprovementAction, spec: SourceSpec, plan: tuple[int, int] | None = None) -> dict[str, Any]:
    ActionSource.objects.create(
        action=action,
        kind=spec.kind,
        complaint_id=spec.complaint_id,
        spike_id=spec.spike_id,
        ref=spec.ref,
        plan_version=plan[0] if plan else None,
        plan_line=plan[1] if plan else None,
    )
    return {"kind": spec.kind, "ref": spec.ref}


@transaction.atomic
def improvement_suggest(
    *,
    user: User,
    title: str,
    description: str = "",
    department_id: int | None = None,
    codes: dict[str, list[str]] | None = None,
    sources: list[SourceSpec] | None = None,
) -> ImprovementAction:
    """A staff suggestion: any member of staff files it, proposed, for a manager or compliance to decide."""
    if not title.strip():
        raise InvalidInput({"title": [_("Give the action a title.")]})
    sources = sources or []
    department_id = department_id or next((s.department_id for s in sources if s.department_id), None)
    action = ImprovementAction.objects.create(
        title=title.strip()[:200],
        description=description.strip(),
        department_id=department_id or user.department_id,
        created_by=user,
    )
    suggested: dict[str, list[str]] = {k: list(v) for k, v in (codes or {}).items()}
    for spec in sources:
        for kind, values in spec.codes.items():
            suggested.setdefault(kind, []).extend(values)
    linked = _codes_add(action, suggested)
    added = [_source_add(action, SourceSpec(SourceKind.SUGGESTION))]
    added += [_source_add(action, spec) for spec in sources]
    event_append(
        action=action,
        kind="created",
        user_id=user.pk,
        data={
            "title": action.title,
            "status": action.status,
            "department": action.department_id,
            "codes": linked,
            "sources": added,
        },
    )
    return action


def improvement_transition(
    *,
    action_id: int,
    user: User,
    to: str,
    owner_id: int | None = None,
    due_on: date | None = None,
    reason: str = "",
    went_live_on: date | None = None,
    note: str = "",
) -> ImprovementAction:
    """Move an action to `to` (or, to its own state, give it a new owner or due date) for `user`."""
    with transaction.atomic():
        action = actions_visible(user).select_for_update(of=("self",)).filter(pk=action_id).first()
        if action is None:
            raise NotFound(_("No improvement action %(id)s that you may see.") % {"id": action_id})
        owner = _staff(owner_id) if owner_id is not None else None
        request = workflow.Request(owner_id=owner_id, due_on=due_on, reason=reason, went_live_on=went_live_on)
        row, refusal = workflow.evaluate(subject_of(action), actor_of(user), to, request)
        if refusal is not None:
            if refusal.kind == "invalid":
                raise InvalidInput({refusal.field: [refusal.detail]})
            raise (Forbidden if refusal.kind == "forbidden" else Conflict)(refusal.detail, code=refusal.code)
        assert row is not None
        before = action.status
        data: dict[str, Any] = {"from": before, "to": to}
        if owner is not None and owner.pk != action.owner_id:
            action.owner, data["owner"] = owner, owner.pk
        if due_on is not None and due_on != action.due_on:
            action.due_on, data["due_on"] = due_on, due_on
        if to == Status.REJECTED:
            action.reject_reason, data["reason"] = reason.strip(), reason.strip()
        if to == Status.DONE:
            action.went_live_on = went_live_on or timezone.localdate()
            data["went_live_on"] = action.went_live_on
        if note.strip():
            data["note"] = note.strip()
        action.status, action.updated_at = to, timezone.now()
        action.save()
        event_append(action=action, kind=row.name, user_id=user.pk, data=data)
        if owner is not None and "owner" in data and owner.pk != user.pk:
            staff_notify(users=[owner], kind="improvement_owner", params=owner_params(action))
    return action


def _staff(user_id: int) -> User:
    found = User.objects.filter(pk=user_id, is_active=True).first()
    if found is None:
        raise InvalidInput({"owner": [_("Name an active member of staff.")]})
    return found


@transaction.atomic
def improvement_comment(*, action_id: int, user: User, note: str) -> ImprovementAction:
    """Anyone who may see the action may comment on it."""
    if not note.strip():
        raise InvalidInput({"note": [_("Write the comment.")]})
    action = actions_visible(user).select_for_update(of=("self",)).filter(pk=action_id).first()
    if action is None:
        raise NotFound(_("No improvement action %(id)s that you may see.") % {"id": action_id})
    event_append(action=action, kind="comment", user_id=user.pk, data={"note": note.strip()})
    return action


def improvements_from_plan(complaint: Complaint, plan: ResolutionPlan, approver_id: int | None) -> dict[str, Any]:
    """Each improvement line of a plan just approved becomes an action, approved already (its approver approved
    the plan), owned by a manager of the complaint's department (none there: unassigned, for a manager to name
    one). Called inside the approving transaction; a line made into an action before is not made again."""
    lines = [str(line).strip() for line in plan.improvements or [] if str(line).strip()]
    if not lines:
        return {}
    managers = managers_by_department().get(complaint.department_id, []) if complaint.department_id else []
    owner = managers[0] if managers else None
    due = timezone.localdate() + timedelta(days=settings.REDRESS_IMPROVEMENT_DUE_DAYS) if owner else None
    codes = {k: [getattr(complaint, k)] for k in CODE_KINDS if getattr(complaint, k)}
    made: list[int] = []
    for n, line in enumerate(lines, start=1):
        if ActionSource.objects.filter(complaint=complaint, plan_version=plan.version, plan_line=n).exists():
            continue
        action = ImprovementAction.objects.create(
            title=line[:200],
            description=line,
            status=Status.APPROVED,
            owner=owner,
            department_id=complaint.department_id,
            due_on=due,
            created_by_id=approver_id,
        )
        spec = SourceSpec(SourceKind.COMPLAINT, complaint_id=complaint.pk, ref=complaint.reference)
        source = _source_add(action, spec, plan=(plan.version, n))
        linked = _codes_add(action, codes)
        event_append(
            action=action,
            kind="created_from_plan",
            user_id=None,
            data={
                "title": action.title,
                "status": action.status,
                "complaint": complaint.reference,
                "plan": plan.version,
                "line": n,
                "approved_by": approver_id,
                "owner": owner.pk if owner else None,
                "due_on": due,
                "codes": linked,
                "sources": [source],
            },
        )
        made.append(action.pk)
    if owner is not None and made:
        staff_notify(users=[owner], kind="improvement_owner", params=plan_params(complaint.reference, made))
    return {"improvement_actions": made} if made else {}
