"""The personal values of timeline events (notes, contact summaries, the customer's messages, file names) are
encrypted at rest: the database holds a token where they were, the application reads them whole, and
`redress audit verify` decrypts the token and checks it against the event's digest."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from redress.accounts.models import User
from redress.audit.chain import ERASED, event_hash
from redress.audit.models import Event
from redress.audit.sealing import SEALED
from redress.audit.services import event_append
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.complaints.workflow import Actor
from redress.privacy.crypto import PREFIX, encrypt
from redress.retention.erase import complaint_erase
from tests.tamper import past_the_triggers

pytestmark = pytest.mark.django_db

NOTE = "核实：客户王美丽住在上海市浦东新区世纪大道100号"
SUMMARY = "与王美丽通话，她说卡号6222020200112233445"
MESSAGE = "我是王美丽，请尽快退款"
CLEAR = ("王美丽", "世纪大道", "6222020200112233445", "尽快退款")


def raw(event_id: int) -> str:
    """The event's data as the database holds it (JSON text)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM audit_event WHERE id = %s", [event_id])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def timeline(people: dict[str, User]) -> Complaint:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    act(complaint, "add_note", by=people["handler"], payload={"text": NOTE})
    act(complaint, "log_contact", by=people["handler"], payload={"channel": "phone", "summary": SUMMARY})
    event_append(
        complaint=complaint,
        kind="customer_message",
        actor=Actor(kind="customer", user_id=None),
        data={"channel": "email", "subject": "退款", "text": MESSAGE, "attachments": ["王美丽.pdf"]},
    )
    return complaint


def test_the_database_holds_no_personal_value_of_an_event_in_clear(people: dict[str, User]) -> None:
    complaint = timeline(people)
    for kind, key, text in (("add_note", "text", NOTE), ("log_contact", "summary", SUMMARY)):
        event = Event.objects.get(complaint=complaint, kind=kind)
        stored = raw(event.pk)
        assert [word for word in CLEAR if word in stored] == [], stored
        assert json.loads(stored)[SEALED].startswith(PREFIX) and key not in json.loads(stored)
        assert event.data[key] == text  # read back whole
    message = Event.objects.get(complaint=complaint, kind="customer_message")
    assert [word for word in CLEAR if word in raw(message.pk)] == []
    assert json.loads(raw(message.pk))["channel"] == "email"  # the public values stay in clear
    assert message.data == {"channel": "email", "subject": "退款", "text": MESSAGE, "attachments": ["王美丽.pdf"]}
    contact = Event.objects.filter(complaint=complaint, kind="log_contact").values("data").get()
    assert contact["data"]["summary"] == SUMMARY and contact["data"]["channel"] == "phone"
    assert Event.objects.filter(complaint=complaint, kind="log_contact", data__channel="phone").count() == 1
    assert Event.objects.filter(complaint=complaint, data__has_key="direction").count() == 1
    with pytest.raises(FieldError, match="sealed"):
        Event.objects.filter(data__text=NOTE).exists()
    assert verify_audit().ok


def _replace_token(event: Event, token: str) -> None:
    stored = json.loads(raw(event.pk))
    # A token swapped for another is the change a key rotation makes: the database lets it through.
    Event.objects.filter(pk=event.pk).update(data={**stored, SEALED: token})


@pytest.mark.parametrize("forgery", ["not a token", "another text sealed", "another event's token"])
def test_verify_finds_a_forged_token(people: dict[str, User], forgery: str) -> None:
    complaint = timeline(people)
    note = Event.objects.get(complaint=complaint, kind="add_note")
    if forgery == "not a token":
        token = "v2:00000000:AAAA"
    elif forgery == "another text sealed":
        token = encrypt(json.dumps({"text": "客户同意撤诉"}, ensure_ascii=False))
    else:
        contact = Event.objects.get(complaint=complaint, kind="log_contact")
        token = json.loads(raw(contact.pk))[SEALED]
    _replace_token(note, token)
    report = verify_audit()
    assert report.first_break is not None and report.first_break.event_id == note.pk, report.first_break
    assert "sealed" in report.first_break.problem or "edited" in report.first_break.problem


def test_verify_finds_a_value_put_in_clear_beside_its_token(people: dict[str, User]) -> None:
    note = Event.objects.get(complaint=timeline(people), kind="add_note")
    with past_the_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_event SET data = %s WHERE id = %s",
            [json.dumps({**json.loads(raw(note.pk)), "text": "别的话"}), note.pk],
        )
    report = verify_audit()
    assert report.first_break is not None and report.first_break.problem.startswith("personal content both")


def test_an_event_from_before_the_split_is_sealed_whole_and_still_verifies(people: dict[str, User]) -> None:
    """Written before personal values were hashed apart (`personal` NULL): its whole data is hashed; sealed, it
    is merged back before hashing."""
    complaint = walk(register(by=people["intake"]), "investigating", people)
    head = Event.objects.filter(complaint=complaint).order_by("-seq").first()
    assert head is not None
    old = Event(
        complaint=complaint,
        seq=head.seq + 1,
        kind="add_note",
        actor_kind="staff",
        actor_id=people["handler"].pk,
        data={"text": NOTE},
        created_at=head.created_at,
        prev_hash=head.hash,
    )
    old.hash = event_hash(
        prev_hash=head.hash,
        reference=complaint.reference,
        seq=old.seq,
        kind="add_note",
        actor_kind="staff",
        actor_id=old.actor_id,
        created_at=old.created_at,
        data={"text": NOTE},
    )
    old.save(force_insert=True)
    assert "王美丽" not in raw(old.pk) and Event.objects.get(pk=old.pk).data == {"text": NOTE}
    assert verify_audit().ok
    _replace_token(old, encrypt(json.dumps({"text": "别的话"}, ensure_ascii=False)))
    report = verify_audit()
    assert report.first_break is not None and report.first_break.event_id == old.pk
    assert "edited" in report.first_break.problem


def test_erasure_drops_the_token_and_verify_finds_one_put_back(people: dict[str, User]) -> None:
    complaint = timeline(people)
    note = Event.objects.get(complaint=complaint, kind="add_note")
    token = json.loads(raw(note.pk))[SEALED]
    complaint_erase(complaint=complaint, why="test", actor=Actor(kind="system", user_id=None))
    stored = json.loads(raw(note.pk))
    assert SEALED not in stored and stored["text"] == ERASED and "salt" not in Event.objects.get(pk=note.pk).personal
    assert verify_audit().ok
    with past_the_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_event SET data = %s WHERE id = %s", [json.dumps({**stored, SEALED: token}), note.pk]
        )
    report = verify_audit()
    assert report.first_break is not None and report.first_break.event_id == note.pk
