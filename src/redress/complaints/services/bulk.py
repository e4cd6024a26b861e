"""One action on many complaints: each through `complaint_act`, so every rule (role, recusal, state) applies
to each; what one refuses is listed with why, the others are done."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.complaints.services.actions import complaint_act
from redress.complaints.services.actor import actor_for
from redress.core.errors import ApplicationError, InvalidInput

# The actions a queue may take on several complaints at once.
BULK_ACTIONS = ("assign", "add_note", "extend_deadline")
BULK_MAX = 200


@dataclass(frozen=True)
class Failure:
    reference: str
    error: ApplicationError


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


def complaints_bulk_act(*, user: User, references: list[str], action: str, payload: dict[str, Any]) -> BulkResult:
    """Take `action` with `payload` on each of `references` (in their order, each in its own transaction)."""
    if action not in BULK_ACTIONS:
        raise InvalidInput({"action": [_("Choose one of the actions offered for several complaints.")]})
    wanted = list(dict.fromkeys(r.strip().upper() for r in references if r and r.strip()))
    if not wanted or len(wanted) > BULK_MAX:
        message = _("Select between 1 and %(max)s complaints.") % {"max": BULK_MAX}
        raise InvalidInput({"references": [message]})
    actor = actor_for(user)
    result = BulkResult()
    for reference in wanted:
        try:
            complaint_act(reference=reference, action=action, actor=actor, payload=dict(payload), user=user)
        except ApplicationError as exc:
            result.failed.append(Failure(reference, exc))
        else:
            result.done.append(reference)
    return result
