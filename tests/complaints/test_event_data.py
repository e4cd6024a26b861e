"""The timeline data of the actions whose work moved between apps stays as it was."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils.dateparse import parse_datetime

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.correspondence.models import Letter
from redress.deadlines.models import Clock

pytestmark = pytest.mark.django_db


def same_time(recorded: str, value: datetime) -> bool:
    """The event keeps a time as JSON does: to the millisecond."""
    parsed = parse_datetime(recorded)
    return parsed is not None and abs(parsed - value) < timedelta(milliseconds=1)


def test_an_extension_records_the_step_and_the_notice_the_handler_issued(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    before = Clock.objects.get(complaint=complaint, kind="decision").due_at
    complaint = act(complaint, "extend_deadline", by=people["manager"], payload={"reason": "案情复杂"})
    data = complaint.events.get(kind="extend_deadline").data
    notice = Letter.objects.get(complaint=complaint, kind="extension")
    assert set(data) == {"clock", "reason", "step", "from_due_at", "due_at", "approved_as", "letter"}
    assert (data["clock"], data["reason"], data["step"], data["approved_as"]) == ("decision", "案情复杂", 1, "manager")
    assert data["letter"] == notice.pk and "案情复杂" in notice.body
    due = Clock.objects.get(complaint=complaint, kind="decision").due_at
    assert same_time(data["from_due_at"], before) and same_time(data["due_at"], due) and due > before


def test_the_decision_event_names_its_letter_and_its_survey(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "customer_notified", people)
    data = complaint.events.get(kind="notify_customer").data
    assert {k: data[k] for k in ("from", "to", "channel", "kind")} == {
        "from": "resolution_approved",
        "to": "customer_notified",
        "channel": "email",
        "kind": "final_decision",
    }
    assert data["letter"] == complaint.letters.get(kind="final_decision").pk
    assert data["survey"] == complaint.surveys.get().pk
    assert set(data) == {"from", "to", "channel", "letter", "kind", "survey", "clocks"}
