"""The hash-chained timeline: intact, edited, deleted, and the whole complaint gone."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from redress.accounts.models import User
from redress.audit.models import Event
from redress.audit.services import checkpoint_create
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import register, walk
from tests.tamper import past_the_triggers

pytestmark = pytest.mark.django_db


def test_it_verifies_an_intact_record(people: dict[str, User]) -> None:
    walk(register(by=people["intake"]), "closed", people)
    register(by=people["intake"])
    checkpoint_create()
    report = verify_audit()
    assert report.ok, report.first_break
    assert (report.chains, report.events, report.checkpoints) == (2, 9, 1)


def test_it_links_each_event_to_the_one_before(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    events = list(Event.objects.filter(complaint=complaint).order_by("seq"))
    assert events[0].prev_hash == "0" * 64
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))


def test_it_names_the_first_edited_event(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    target = Event.objects.get(complaint=complaint, seq=2)
    with past_the_triggers() as cursor:
        cursor.execute("UPDATE audit_event SET data = %s WHERE id = %s", ['{"business": "forged"}', target.id])
    report = verify_audit()
    assert report.first_break is not None
    assert (report.first_break.reference, report.first_break.seq) == (complaint.reference, 2)
    assert "edited" in report.first_break.problem


def test_it_notices_a_deleted_event(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    with past_the_triggers() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE complaint_id = %s AND seq = 2", [complaint.id])
    report = verify_audit()
    assert report.first_break is not None and report.first_break.seq == 3
    assert "missing" in report.first_break.problem


def test_it_notices_the_last_events_deleted_after_a_checkpoint(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    checkpoint_create()
    with past_the_triggers() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE complaint_id = %s AND seq >= 3", [complaint.id])
    report = verify_audit()
    assert report.first_break is not None and report.first_break.reference == complaint.reference


def test_it_notices_a_whole_complaint_deleted_after_a_checkpoint(people: dict[str, User]) -> None:
    keep = register(by=people["intake"])
    gone = register(by=people["intake"])
    checkpoint_create()
    with past_the_triggers() as cursor:
        letters = "SELECT id FROM correspondence_letter WHERE complaint_id = %s"
        for sql in (
            "DELETE FROM audit_event WHERE complaint_id = %s",
            "DELETE FROM deadlines_clock WHERE complaint_id = %s",
            f"DELETE FROM correspondence_outboxmessage WHERE letter_id IN ({letters})",
            "DELETE FROM correspondence_letter WHERE complaint_id = %s",
            "DELETE FROM triage_triagesuggestion WHERE complaint_id = %s",
            "DELETE FROM complaints_complaintsearch WHERE complaint_id = %s",
            "DELETE FROM intake_possibleduplicate WHERE complaint_id = %s",
            "DELETE FROM intake_trackingsecret WHERE complaint_id = %s",
            "DELETE FROM complaints_complaint WHERE id = %s",
        ):
            cursor.execute(sql, [gone.id])
    report = verify_audit()
    assert report.first_break is not None
    assert report.first_break.reference == gone.reference
    assert keep.reference != gone.reference


def test_it_checkpoints_only_what_grew(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    first = checkpoint_create()
    assert first is not None and first.heads_count == 1
    assert checkpoint_create() is None
    walk(complaint, "triaged", people)
    register(by=people["intake"])
    second = checkpoint_create()
    assert second is not None and second.heads_count == 2 and second.prev_hash == first.hash


def test_the_command_fails_naming_the_first_bad_event(people: dict[str, User], capsys: Any) -> None:
    # `redress audit verify` runs this command; a CommandError is exit status 1.
    complaint = walk(register(by=people["intake"]), "triaged", people)
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
    with past_the_triggers() as cursor:
        cursor.execute("UPDATE audit_event SET kind = 'close' WHERE complaint_id = %s AND seq = 2", [complaint.id])
    with pytest.raises(CommandError, match=f"{complaint.reference} event #2"):
        call_command("audit", "verify")


@pytest.mark.parametrize("sql", ["UPDATE audit_event SET kind = 'x'", "DELETE FROM audit_event"])
def test_the_database_refuses_update_and_delete(people: dict[str, User], sql: str) -> None:
    register(by=people["intake"])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
