"""The declaration of one action, and the table of them.

An `ActionSpec` says everything about an action in one place: the row of the state table
(states, roles, guards; see `workflow`), the payload serializer that validates its input
(the API and the pages alike), the handler that applies it, the words of its button, help
and timeline entry, where the complaint page offers it, and whether its event is a clock
trigger. The pages, the forms, the API and `complaint_act` read the specs; nothing else
keeps a list of actions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from rest_framework import serializers

from redress.complaints import workflow
from redress.complaints.models import Complaint
from redress.complaints.workflow import Action, Actor, Guard, Subject
from redress.deadlines.models import Trigger

# Applies the validated payload to the locked complaint; returns the data of the timeline event.
Handler = Callable[[Complaint, Actor, dict[str, Any], Subject], dict[str, Any]]
Payload = type[serializers.Serializer[Any]]


class Place(StrEnum):
    """Where the complaint page offers an action."""

    COLUMN = "column"  # a form in the actions column
    NOTES = "notes"  # in the column, after the actions that move the complaint on
    INLINE = "inline"  # next to what it acts on (a failed letter's "send again")
    OWN_FORM = "own_form"  # a form of its own on the page (reveal, evidence)
    API = "api"  # the API only (the export's ZIP is a download)


@dataclass(frozen=True)
class ActionSpec:
    rule: Action
    # None for both: the action is taken by a service of its own (`add_evidence`: the upload),
    # not through `complaint_act`, which answers "no such action" for it.
    payload: Payload | None
    handler: Handler | None
    label: Promise  # the button (imperative)
    help: Promise  # under the form's heading
    done: Promise  # the timeline's entry (what happened)
    place: Place = Place.COLUMN
    dangerous: bool = False  # ends the complaint: a second look before the button is pressed
    clock_trigger: Trigger | None = None  # its event meets or starts the clocks of the policy's rules

    @property
    def name(self) -> str:
        return self.rule.name

    @property
    def acted(self) -> bool:
        """Whether `complaint_act` takes this action (it has a payload and a handler)."""
        return self.handler is not None


def action(
    name: str,
    *,
    sources: Iterable[str],
    target: str | None,
    roles: Iterable[str],
    guards: tuple[Guard, ...] = (),
    payload: Payload | None,
    handler: Handler | None,
    label: Promise,
    help: Promise,
    done: Promise,
    place: Place = Place.COLUMN,
    dangerous: bool = False,
    clock_trigger: Trigger | None = None,
) -> ActionSpec:
    """Declare an action (register it with `register` to put it in the table)."""
    if (payload is None) != (handler is None):
        raise ValueError(f"The action {name} needs both a payload and a handler, or neither.")
    if clock_trigger is not None and clock_trigger.value != name:
        raise ValueError(f"The clock trigger of {name} is {clock_trigger.value}.")
    rule = Action(name, frozenset(sources), target, frozenset(roles), guards)
    return ActionSpec(rule, payload, handler, label, help, done, place, dangerous, clock_trigger)


_SPECS: dict[str, ActionSpec] = {}


def register(*specs: ActionSpec, before: str | None = None) -> None:
    """Put actions in the table: at the end, or just before the action named `before`.

    The order is the order of `allowed_actions` (the API's list) and of the page's buttons.
    Registering the same spec again does nothing (an app's `ready()` may run twice in tests).
    """
    for spec in specs:
        if _SPECS.get(spec.name) is spec:
            continue
        workflow.table_add(spec.rule, before=before)
        _SPECS[spec.name] = spec


class UnknownAction(LookupError):
    pass


def spec_for(name: str) -> ActionSpec:
    """The spec of the action `name`; UnknownAction when there is none."""
    try:
        return _SPECS[name]
    except KeyError:
        raise UnknownAction(name) from None


def find_spec(name: str) -> ActionSpec | None:
    return _SPECS.get(name)


def specs() -> list[ActionSpec]:
    """Every action, in the table's order."""
    return [_SPECS[name] for name in workflow.ACTIONS]


def payloads() -> dict[str, Payload]:
    """The payload serializer of each action `complaint_act` takes, by name (for the API schema)."""
    return {spec.name: spec.payload for spec in specs() if spec.payload is not None}
