"""The lifecycle of an improvement action: one table of transitions and the pure checks that guard them.

No ORM here. Services build a `Subject` (the action now) and an `Actor` (who asks), call `evaluate`, and only
then change anything; the same table answers "which forms may this person see" for the pages and the API.

    proposed → approved (names the owner and the due date) | rejected (with a reason)
    approved → in_progress → done (the day it went live) → verified
    approved | in_progress → the same state, with a new owner or due date (`assign`)

Deciders are managers and compliance officers; a manager with a department decides the actions of that
department (and those of none). The owner moves their own action along; a decider may do it for them. Done
is verified by a decider who is not its owner (maker-checker, like a resolution plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.utils.translation import gettext as _

from redress.accounts.models import Role
from redress.improvements.choices import Status

OWNER = "owner"
DECIDER = "decider"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    role: str | None = None
    department_id: int | None = None


@dataclass(frozen=True)
class Subject:
    status: str
    owner_id: int | None = None
    department_id: int | None = None


@dataclass(frozen=True)
class Request:
    """What a transition asks for, beside its target."""

    owner_id: int | None = None
    due_on: date | None = None
    reason: str = ""
    went_live_on: date | None = None


@dataclass(frozen=True)
class Refusal:
    kind: Literal["forbidden", "conflict", "invalid"]
    code: str
    detail: str
    field: str = ""


Guard = Callable[[Subject, Actor, Request], Refusal | None]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    who: frozenset[str]  # OWNER, DECIDER
    guards: tuple[Guard, ...] = field(default=())


def owner_named(subject: Subject, actor: Actor, request: Request) -> Refusal | None:
    if request.owner_id is None and subject.owner_id is None:
        return Refusal("invalid", "owner_required", _("Name the owner of the action."), "owner")
    return None


def due_date_named(subject: Subject, actor: Actor, request: Request) -> Refusal | None:
    if request.due_on is None:
        return Refusal("invalid", "due_on_required", _("Give the day the action is due."), "due_on")
    return None


def owner_or_due_changed(subject: Subject, actor: Actor, request: Request) -> Refusal | None:
    if request.owner_id is None and request.due_on is None:
        return Refusal("invalid", "nothing_to_change", _("Name a new owner or a new due date."), "owner")
    return None


def reason_given(subject: Subject, actor: Actor, request: Request) -> Refusal | None:
    if not request.reason.strip():
        return Refusal("invalid", "reason_required", _("Say why the action is rejected."), "reason")
    return None


def not_owner(subject: Subject, actor: Actor, request: Request) -> Refusal | None:
    if actor.user_id is not None and actor.user_id == subject.owner_id:
        return Refusal("forbidden", "maker_checker", _("The owner of an action may not verify it."))
    return None


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "approve", frozenset({Status.PROPOSED}), Status.APPROVED, frozenset({DECIDER}), (owner_named, due_date_named)
    ),
    Transition("reject", frozenset({Status.PROPOSED}), Status.REJECTED, frozenset({DECIDER}), (reason_given,)),
    Transition(
        "assign_approved", frozenset({Status.APPROVED}), Status.APPROVED, frozenset({DECIDER}), (owner_or_due_changed,)
    ),
    Transition(
        "assign_in_progress",
        frozenset({Status.IN_PROGRESS}),
        Status.IN_PROGRESS,
        frozenset({DECIDER}),
        (owner_or_due_changed,),
    ),
    Transition("start", frozenset({Status.APPROVED}), Status.IN_PROGRESS, frozenset({OWNER, DECIDER}), (owner_named,)),
    Transition("complete", frozenset({Status.IN_PROGRESS}), Status.DONE, frozenset({OWNER, DECIDER})),
    Transition("verify", frozenset({Status.DONE}), Status.VERIFIED, frozenset({DECIDER}), (not_owner,)),
)


def is_decider(subject: Subject, actor: Actor) -> bool:
    if actor.role == Role.COMPLIANCE:
        return True
    if actor.role != Role.MANAGER:
        return False
    return actor.department_id is None or subject.department_id in (None, actor.department_id)


def _plays(who: frozenset[str], subject: Subject, actor: Actor) -> bool:
    if OWNER in who and actor.user_id is not None and actor.user_id == subject.owner_id:
        return True
    return DECIDER in who and is_decider(subject, actor)


def _label(status: str) -> str:
    return str(dict(Status.choices).get(status, status)).lower()


def find(subject: Subject, to: str) -> Transition | None:
    """The row that takes an action in `subject.status` to `to` (None: there is none)."""
    return next((t for t in TRANSITIONS if subject.status in t.sources and t.target == to), None)


def evaluate(subject: Subject, actor: Actor, to: str, request: Request) -> tuple[Transition | None, Refusal | None]:
    """The transition to `to`, and why `actor` may not take it now (None: they may)."""
    row = find(subject, to)
    if row is None:
        return None, Refusal(
            "conflict",
            "invalid_transition",
            _("An action that is %(now)s cannot become %(to)s.") % {"now": _label(subject.status), "to": _label(to)},
        )
    if not _plays(row.who, subject, actor):
        return row, Refusal("forbidden", "forbidden", _("Your role may not do this to this action."))
    for guard in row.guards:
        refusal = guard(subject, actor, request)
        if refusal is not None:
            return row, refusal
    return row, None


def allowed_targets(subject: Subject, actor: Actor) -> list[str]:
    """The states this person may move the action to now (guards on the input aside), in table order."""
    found: list[str] = []
    for row in TRANSITIONS:
        if subject.status in row.sources and _plays(row.who, subject, actor) and row.target not in found:
            if row.target == Status.VERIFIED and not_owner(subject, actor, Request()) is not None:
                continue
            found.append(row.target)
    return found
