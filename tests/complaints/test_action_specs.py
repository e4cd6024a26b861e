"""One spec per action: the table, the payloads, the handlers, the words and the clock triggers agree."""

from __future__ import annotations

import dataclasses

import pytest

from redress.complaints import actions, workflow
from redress.complaints.actions import (
    ActionSpec,
    Place,
    conversation,
    deciding,
    ending,
    enquiry,
    investigating,
    receiving,
    records,
    resolving,
)
from redress.complaints.payloads import Empty
from redress.deadlines.models import Trigger
from redress.surveys import actions as survey_actions

GROUPS = (receiving, investigating, resolving, deciding, ending, enquiry, records, conversation, survey_actions)


def declared() -> list[ActionSpec]:
    return [value for group in GROUPS for value in vars(group).values() if isinstance(value, ActionSpec)]


def test_every_action_in_the_table_has_a_spec_with_its_payload_handler_and_words() -> None:
    for name in workflow.ACTIONS:
        spec = actions.spec_for(name)
        assert spec.rule is workflow.ACTIONS[name]
        assert str(spec.label) and str(spec.help) and str(spec.done), name
        if spec.name != "add_evidence":  # an upload, taken by its own service
            assert spec.payload is not None and spec.handler is not None, name
    assert {s.name for s in actions.specs() if not s.acted} == {"add_evidence"}
    assert set(actions.payloads()) == set(workflow.ACTIONS) - {"add_evidence"}


def test_every_declared_spec_is_in_the_table() -> None:
    assert {spec.name for spec in declared()} == set(workflow.ACTIONS)
    for spec in declared():
        assert actions.spec_for(spec.name) is spec


def test_the_table_keeps_its_order() -> None:
    """The order of `allowed_actions`: the API's list and the page's buttons."""
    assert list(workflow.ACTIONS) == [
        "triage",
        "decline",
        "merge",
        "assign",
        "start_investigation",
        "hold",
        "resume",
        "propose_resolution",
        "approve_resolution",
        "reject_resolution",
        "revise_resolution",
        "notify_customer",
        "resolve_summarily",
        "retry_letter",
        "record_satisfaction",
        "request_review",
        "close",
        "archive",
        "withdraw",
        "convert_to_enquiry",
        "reopen_as_complaint",
        "add_note",
        "log_contact",
        "message_customer",
        "add_evidence",
        "extend_deadline",
        "classify",
        "record_payment",
        "record_follow_up",
        "export",
        "reveal_pii",
    ]


def test_the_action_values_of_trigger_are_actions_that_say_so() -> None:
    not_actions = {Trigger.REGISTERED, Trigger.ACKNOWLEDGED}  # registration and its acknowledgement letter
    for trigger in Trigger:
        if trigger in not_actions:
            assert actions.find_spec(trigger.value) is None
            continue
        assert actions.spec_for(trigger.value).clock_trigger is trigger
    triggers = {spec.clock_trigger for spec in actions.specs() if spec.clock_trigger is not None}
    assert triggers == set(Trigger) - not_actions


def test_a_spec_needs_a_payload_and_a_handler_together_and_its_own_trigger() -> None:
    words = {"label": "x", "help": "x", "done": "x"}
    with pytest.raises(ValueError, match="both a payload and a handler"):
        actions.action("x", sources=(), target=None, roles=(), payload=Empty, handler=None, **words)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="clock trigger"):
        actions.action(
            "x",
            sources=(),
            target=None,
            roles=(),
            payload=None,
            handler=None,
            clock_trigger=Trigger.ASSIGNED,
            **words,  # type: ignore[arg-type]
        )


def test_registering_the_same_spec_again_changes_nothing_and_another_one_is_refused() -> None:
    before = list(workflow.ACTIONS)
    actions.register(actions.spec_for("triage"))
    assert list(workflow.ACTIONS) == before
    with pytest.raises(ValueError, match="already in the table"):
        actions.register(dataclasses.replace(receiving.TRIAGE))
    assert list(workflow.ACTIONS) == before


def test_an_unknown_action_has_no_spec() -> None:
    assert actions.find_spec("fly") is None
    with pytest.raises(actions.UnknownAction):
        actions.spec_for("fly")


def test_the_page_places() -> None:
    placed = {spec.name: spec.place for spec in actions.specs() if spec.place != Place.COLUMN}
    assert placed == {
        "add_note": Place.NOTES,
        "log_contact": Place.NOTES,
        "retry_letter": Place.INLINE,
        "add_evidence": Place.OWN_FORM,
        "reveal_pii": Place.OWN_FORM,
        "export": Place.API,
    }
    dangerous = {spec.name for spec in actions.specs() if spec.dangerous}
    assert dangerous == {
        "decline",
        "merge",
        "withdraw",
        "close",
        "archive",
        "reject_resolution",
        "convert_to_enquiry",
    }
