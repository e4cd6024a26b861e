"""The one path that changes a complaint: lock, check the table, validate, apply, record.

Every action runs in one transaction that locks the complaint row, so two people acting
at once cannot both win: the second sees the new state and gets a 409. What each action
accepts and does is in its spec (`redress.complaints.actions`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.audit.services import event_append
from redress.complaints import extensions, workflow
from redress.complaints.actions import find_spec
from redress.complaints.choices import Status
from redress.complaints.models import Complaint
from redress.complaints.selectors import complaint_subject
from redress.complaints.services.routing import complaint_route
from redress.complaints.workflow import Actor, Subject
from redress.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from redress.deadlines.services import clocks_follow


def complaint_act(
    *, reference: str, action: str, actor: Actor, payload: dict[str, Any], user: User | None = None
) -> Complaint:
    """Take `action` on the complaint `reference` for `actor` (staff: `user` too, for row scope)."""
    spec = find_spec(action)
    if spec is None or spec.payload is None or spec.handler is None:
        raise NotFound(_("There is no action %(action)s.") % {"action": action}, code="unknown_action")
    with transaction.atomic():
        complaint, subject = lock_and_check(reference=reference, action=action, actor=actor, user=user)
        serializer = spec.payload(data=payload)
        if not serializer.is_valid():
            raise InvalidInput(serializer.errors)
        before_fields = _field_values(complaint)
        data = spec.handler(complaint, actor, dict(serializer.validated_data), subject)
        before, after = complaint.status, workflow.target_of(action, subject)
        if after is not None:
            complaint.status = after
            data = {"from": before, "to": after, **data}
        data.update(clocks_follow(complaint=complaint, action=action, data=data, at=timezone.now()))
        if after == Status.CLOSED:
            for hook in extensions.on_close:
                data.update(hook(complaint))
        # Write only what changed: the personal data is not re-encrypted on every action.
        changed = [name for name, value in _field_values(complaint).items() if before_fields[name] != value]
        complaint.save(update_fields=[*changed, "updated_at"])
        event_append(complaint=complaint, kind=action, actor=actor, data=data)
        if action == "triage":
            complaint_route(complaint)  # the routing rules give it a department and a handler
    return complaint


def _field_values(complaint: Complaint) -> dict[str, Any]:
    return {f.attname: getattr(complaint, f.attname) for f in complaint._meta.concrete_fields if not f.primary_key}


def lock_and_check(*, reference: str, action: str, actor: Actor, user: User | None) -> tuple[Complaint, Subject]:
    """Lock the complaint row and check the table; the caller is inside a transaction."""
    rows = Complaint.objects.all() if user is None else Complaint.objects.restrict(user, "view")
    complaint = rows.select_for_update(of=("self",)).filter(reference=reference).first()
    if complaint is None:
        raise NotFound(_("No complaint %(reference)s that you may see.") % {"reference": reference})
    subject = complaint_subject(complaint)
    refusal = workflow.evaluate(action, subject, actor)
    if refusal is not None:
        error = Forbidden if refusal.kind == "forbidden" else Conflict
        raise error(refusal.detail, code=refusal.code)
    return complaint, subject
