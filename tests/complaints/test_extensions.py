"""The extension points the apps above complaints fill: what they add reaches the letter and the events."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.models import User
from redress.complaints import extensions
from redress.complaints.extensions import Hooks, LetterExtra
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.surveys import hooks as survey_hooks


def test_hooks_keep_their_order_once_each_and_can_be_swapped_for_a_while() -> None:
    def first(complaint: Complaint) -> dict[str, Any]:
        return {}

    def second(complaint: Complaint) -> dict[str, Any]:
        return {}

    found: Hooks[extensions.OnClose] = Hooks()
    found.add(first)
    found.add(second)
    found.add(first)
    assert list(found) == [first, second]
    with found.replaced(second):
        assert list(found) == [second]
    assert list(found) == [first, second]


def test_surveys_fills_the_extension_points() -> None:
    assert survey_hooks.decision_letter_survey in extensions.decision_letter_extras
    assert survey_hooks.follow_up_on_close in extensions.on_close
    assert survey_hooks.AFTERCARE_PANEL in extensions.page_panels


@pytest.mark.django_db
def test_the_decision_letter_takes_what_the_extras_add(people: dict[str, User]) -> None:
    seen: list[str] = []

    def extra(complaint: Complaint, letter: str) -> LetterExtra:
        seen.append(letter)
        return LetterExtra(context={"survey_url": "https://example.org/s/1"}, letter=letter, data={"extra": 1})

    approved = walk(register(by=people["intake"]), "resolution_approved", people)
    with extensions.decision_letter_extras.replaced(extra):
        complaint = act(approved, "notify_customer", by=people["handler"], payload={"channel": "email"})
    event = complaint.events.get(kind="notify_customer")
    letter = complaint.letters.get(kind="final_decision")
    assert seen == [""]
    assert event.data["extra"] == 1 and "survey" not in event.data
    assert event.data["letter"] == letter.pk
    assert "https://example.org/s/1" in letter.body
    assert not complaint.surveys.exists()


@pytest.mark.django_db
def test_closing_adds_what_the_on_close_hooks_return(people: dict[str, User]) -> None:
    closed: list[str] = []

    def hook(complaint: Complaint) -> dict[str, Any]:
        closed.append(complaint.reference)
        return {"hooked": True}

    notified = walk(register(by=people["intake"]), "customer_notified", people)
    with extensions.on_close.replaced(hook):
        complaint = act(notified, "record_satisfaction", by=people["handler"], payload={"result": "dissatisfied"})
    assert closed == [complaint.reference]
    assert complaint.events.get(kind="record_satisfaction").data["hooked"] is True
    assert not complaint.follow_ups.exists()  # the surveys hook was swapped out
