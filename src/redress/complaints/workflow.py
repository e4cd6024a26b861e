"""The lifecycle: one table of actions, and the pure checks that guard them.

No ORM here. Services build a `Subject` (what the complaint looks like now) and an `Actor`
(who asks), call `evaluate`, and only then change anything. The same table answers
"which buttons may this person see" (`allowed_actions`) for the pages and the API.

Each row (`Action`: states, roles, guards) is declared in the action's spec, beside its
payload and handler (`redress.complaints.actions`); registering the spec puts the row here.

Recusal is not a guard of some rows but a rule of the whole table: a member of staff named in
the complaint may take no action on it, whatever the action, role or state (403 `recused`,
checked right after the role, so a named person learns nothing from the state).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from redress.accounts.models import Role
from redress.complaints.choices import Status

# Pseudo-roles resolved against the complaint rather than the user's role.
ASSIGNEE = "assignee"
CUSTOMER = "customer"
SYSTEM = "system"

# Sets of states the rows of the table use.
ALL: frozenset[str] = frozenset(Status)
NOT_ARCHIVED = ALL - {Status.ARCHIVED}


@dataclass(frozen=True)
class Actor:
    kind: Literal["staff", "customer", "system"]
    user_id: int | None = None
    role: str | None = None
    department_id: int | None = None
    approval_limit: Decimal | None = None
    approval_currency: str | None = None
    more_approval_limits: tuple[tuple[str, Decimal], ...] = ()  # (currency, limit) beyond the one above

    def limit_in(self, currency: str | None) -> Decimal | None:
        """The largest total this actor may approve in `currency` (None: none in that currency)."""
        if self.approval_limit is not None and currency == self.approval_currency:
            return self.approval_limit
        return dict(self.more_approval_limits).get(currency or "")

    @property
    def staff_id(self) -> int:
        """The user id of a staff actor (actions that only staff take)."""
        if self.kind != "staff" or self.user_id is None:
            raise ValueError("This action is taken by a member of staff.")
        return self.user_id


CUSTOMER_ACTOR = Actor(kind="customer")
SYSTEM_ACTOR = Actor(kind="system")


@dataclass(frozen=True)
class Subject:
    status: str
    assignee_id: int | None = None
    department_id: int | None = None
    named_staff_ids: frozenset[int] = frozenset()
    proposer_id: int | None = None
    plan_total: Decimal | None = None
    plan_currency: str | None = None
    approvals: tuple[tuple[int, str], ...] = ()  # (user id, role) on the current plan
    approvals_required: int = 1
    compliance_required: bool = False
    review_window_open: bool = True
    next_extension_role: str | None = None  # the role the next deadline extension needs, if one is left
    summary_resolution_open: bool = False  # UK: still by the end of the 3rd business day after receipt


@dataclass(frozen=True)
class Refusal:
    kind: Literal["forbidden", "conflict"]
    code: str
    detail: str


Guard = Callable[[Subject, Actor], Refusal | None]


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str | None  # None: an event only, the state stays
    roles: frozenset[str]
    guards: tuple[Guard, ...] = field(default=())


def _forbid(code: str, detail: str) -> Refusal:
    return Refusal("forbidden", code, detail)


def not_recused(subject: Subject, actor: Actor) -> Refusal | None:
    """Applied by `evaluate` to every action a member of staff takes: not a per-row guard."""
    if actor.kind == "staff" and actor.user_id is not None and actor.user_id in subject.named_staff_ids:
        return _forbid("recused", "You are named in this complaint and may not handle or approve it.")
    return None


def not_proposer(subject: Subject, actor: Actor) -> Refusal | None:
    if actor.user_id is not None and actor.user_id == subject.proposer_id:
        return _forbid("maker_checker", "The person who proposed a resolution may not decide on it.")
    return None


def not_approved_already(subject: Subject, actor: Actor) -> Refusal | None:
    if any(user_id == actor.user_id for user_id, _ in subject.approvals):
        return _forbid("already_approved", "You have already approved this resolution.")
    return None


def limit_covers_total(subject: Subject, actor: Actor) -> Refusal | None:
    total = subject.plan_total or Decimal(0)
    if total == 0:
        return None
    limit = actor.limit_in(subject.plan_currency)
    if limit is None or limit < total:
        return _forbid(
            "approval_limit",
            f"Your approval limit does not cover a redress total of {total} {subject.plan_currency}.",
        )
    return None


def compliance_slot(subject: Subject, actor: Actor) -> Refusal | None:
    """With two approvals needed and one of them compliance, the last slot is compliance's."""
    if not subject.compliance_required or actor.role == Role.COMPLIANCE:
        return None
    has_compliance = any(role == Role.COMPLIANCE for _, role in subject.approvals)
    remaining = subject.approvals_required - len(subject.approvals)
    if not has_compliance and remaining <= 1:
        return _forbid("compliance_required", "This resolution needs an approval from compliance.")
    return None


def review_window_open(subject: Subject, actor: Actor) -> Refusal | None:
    if not subject.review_window_open:
        return Refusal("conflict", "review_window_closed", "The window for requesting a review has closed.")
    return None


def review_window_closed(subject: Subject, actor: Actor) -> Refusal | None:
    if subject.review_window_open:
        return Refusal(
            "conflict", "review_window_open", "The complaint can be archived once the review window has closed."
        )
    return None


def extension_allowed(subject: Subject, actor: Actor) -> Refusal | None:
    if subject.next_extension_role is None:
        return Refusal("conflict", "no_extension", "No deadline of this complaint can be extended further.")
    if actor.role != subject.next_extension_role:
        return _forbid("extension_role", f"This extension must be approved by the {subject.next_extension_role} role.")
    return None


def summary_window_open(subject: Subject, actor: Actor) -> Refusal | None:
    if not subject.summary_resolution_open:
        return Refusal(
            "conflict",
            "summary_window_closed",
            "A summary resolution is for UK complaints resolved by the end of the third business day after receipt.",
        )
    return None


# The table: filled once at start by `complaints.actions` (and the apps above that add actions),
# in the order the buttons and the API's `allowed_actions` list them.
ACTIONS: dict[str, Action] = {}


def table_add(action: Action, *, before: str | None = None) -> None:
    """Put `action` in the table, at the end or just before the action named `before`."""
    if action.name in ACTIONS:
        raise ValueError(f"The action {action.name} is already in the table.")
    if before is None:
        ACTIONS[action.name] = action
        return
    rows = list(ACTIONS.items())
    position = [name for name, _ in rows].index(before)
    rows.insert(position, (action.name, action))
    ACTIONS.clear()
    ACTIONS.update(rows)


def _plays(role: str, subject: Subject, actor: Actor) -> bool:
    if role == CUSTOMER:
        return actor.kind == "customer"
    if role == SYSTEM:
        return actor.kind == "system"
    if role == ASSIGNEE:
        return actor.kind == "staff" and actor.user_id is not None and actor.user_id == subject.assignee_id
    return actor.kind == "staff" and actor.role == role


def evaluate(name: str, subject: Subject, actor: Actor) -> Refusal | None:
    """Why `actor` may not take action `name` on `subject` now, or None when it may."""
    action = ACTIONS[name]
    if not any(_plays(role, subject, actor) for role in action.roles):
        return _forbid("role", f"Your role may not {name.replace('_', ' ')} this complaint.")
    recused = not_recused(subject, actor)
    if recused is not None:
        return recused
    if subject.status not in action.sources:
        return Refusal(
            "conflict", "invalid_state", f"Cannot {name.replace('_', ' ')} a complaint in state {subject.status}."
        )
    for guard in action.guards:
        refusal = guard(subject, actor)
        if refusal is not None:
            return refusal
    return None


def allowed_actions(subject: Subject, actor: Actor) -> list[str]:
    return [name for name in ACTIONS if evaluate(name, subject, actor) is None]


def target_of(name: str, subject: Subject) -> str | None:
    """The state an action leads to; an approval that leaves slots open keeps the plan proposed."""
    action = ACTIONS[name]
    if name == "approve_resolution" and len(subject.approvals) + 1 < subject.approvals_required:
        return Status.RESOLUTION_PROPOSED
    return action.target
